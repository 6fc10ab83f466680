import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { parseRosterIcs } from '../../src/import/icalendarRoster.js';
import { Router } from '../../src/domain/routing.js';
import { importRosterIcs } from '../../src/services/rosterImport.js';
import { FileStore } from '../../src/store/fileStore.js';

const network = loadNetwork('data');
const outlook = readFileSync('test/fixtures/ics/anw-zuid-limburg-outlook.ics', 'utf8');
const at = (y: number, m: number, d: number, h: number, min = 0) => new TZDate(y, m - 1, d, h, min, 'Europe/Amsterdam').getTime();
const window = { from: at(2026, 11, 22, 0), to: at(2027, 11, 22, 0) };

function imported() {
  const result = parseRosterIcs(outlook, network.directory, window);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.shifts;
}

describe('importing a roster from an Outlook .ics export', () => {
  it('expands the weekly evening shifts in the file’s own time zone', () => {
    const els = imported().filter((s) => s.personId === 'els-vermeulen');
    expect(els[0]).toMatchObject({ start: at(2026, 11, 23, 17), end: at(2026, 11, 24, 8), position: 'primary' });
    expect(els[1]).toMatchObject({ start: at(2026, 11, 24, 17), end: at(2026, 11, 25, 8) });
  });

  it('leaves out the date in EXDATE and applies the moved, swapped occurrence', () => {
    const shifts = imported();
    expect(shifts.some((s) => s.start === at(2026, 11, 25, 17))).toBe(false);
    expect(shifts.find((s) => s.start === at(2026, 11, 26, 19))).toMatchObject({ personId: 'frank-geurts', end: at(2026, 11, 27, 8) });
    expect(shifts.some((s) => s.start === at(2026, 11, 26, 17))).toBe(false);
  });

  it('finds the person by name in SUMMARY when there is no ATTENDEE, and the backup by CATEGORIES', () => {
    const shifts = imported();
    expect(shifts.find((s) => s.start === at(2026, 11, 27, 17))).toMatchObject({ personId: 'hanna-peters', end: at(2026, 11, 30, 8) });
    expect(shifts.filter((s) => s.position === 'backup')).toEqual([expect.objectContaining({ personId: 'ivo-coenen', start: at(2026, 11, 23, 17) })]);
  });

  it('keeps the local clock times of a weekend shift across the change to summer time (26–29 March 2027)', () => {
    const weekend = imported().find((s) => s.personId === 'hanna-peters' && s.start === at(2027, 3, 26, 17))!;
    expect(weekend.end).toBe(at(2027, 3, 29, 8));
    expect((weekend.end - weekend.start) / 3_600_000).toBe(62);
  });

  it('makes imported shifts win over the rotation, and the rotation answer where the import is silent', () => {
    const router = new Router(network.directory, network.pools, network.rosters, (id) => (id === 'anw-zuid-limburg' ? imported() : []));
    expect(router.plan('westelijke-mijnstreek', 'spoed', at(2026, 11, 23, 20)).plan[0]!.personIds).toEqual(['els-vermeulen']);
    expect(router.plan('westelijke-mijnstreek', 'spoed', at(2026, 11, 25, 20)).plan[0]!.personIds).toEqual(['olaf-claessens']);
    expect(router.plan('maastricht-heuvelland', 'spoed', at(2026, 11, 26, 22)).plan[0]!.personIds).toEqual(['frank-geurts']);
  });
});

describe('an invalid .ics changes no roster', () => {
  let storeDir: string;
  beforeEach(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'pz-ics-'));
  });
  afterEach(async () => {
    await rm(storeDir, { recursive: true, force: true });
  });

  async function importText(text: string) {
    const store = await FileStore.open(storeDir);
    const result = await importRosterIcs(store.rosters, network, 'anw-zuid-limburg', text, 'test.ics', new Date(at(2026, 11, 22, 12)));
    return { result, store };
  }

  it.each([
    ['a file that is not iCalendar', '{"rooster": []}', 'Dit is geen iCalendar-bestand'],
    ['a truncated file', outlook.slice(0, 900), 'beschadigd'],
    ['a shift for someone unknown', outlook.replace('mailto:Els.Vermeulen@ctpz.example', 'mailto:onbekend@example.org'), 'geen bekende specialist PZ gevonden'],
    ['a calendar without shifts', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', 'geen diensten'],
    ['a shift that ends before it starts', outlook.replace('DTEND;TZID=W. Europe Standard Time:20261124T080000', 'DTEND;TZID=W. Europe Standard Time:20261123T080000'), 'het einde ligt niet na het begin'],
  ])('refuses %s with a clear Dutch message', async (_name, text, message) => {
    const { result, store } = await importText(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain(message);
    expect(await store.rosters.imported('anw-zuid-limburg')).toBeUndefined();
    expect(await readdir(storeDir)).not.toContain('rosters');
  });

  it('keeps the previous import when a later one is invalid', async () => {
    const first = await importText(outlook);
    expect(first.result).toMatchObject({ ok: true, shiftCount: 105, backupCount: 1 });
    const second = await importText('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n');
    expect(second.result.ok).toBe(false);
    expect((await (await FileStore.open(storeDir)).rosters.imported('anw-zuid-limburg'))?.shifts).toHaveLength(105);
  });

  it('refuses an unknown roster id', async () => {
    const store = await FileStore.open(storeDir);
    const result = await importRosterIcs(store.rosters, network, 'bestaat-niet', outlook, 'x.ics', new Date());
    expect(result).toMatchObject({ ok: false, problems: [expect.stringContaining("Rooster 'bestaat-niet' bestaat niet")] });
  });
});

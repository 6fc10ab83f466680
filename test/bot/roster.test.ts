import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { importRosterIcs } from '../../src/services/rosterImport.js';
import { FileStore } from '../../src/store/fileStore.js';
import { PostgresStore } from '../../src/store/postgres/postgresStore.js';
import { BotUnderTest, cardText, testStores } from '../support/botUnderTest.js';

let harness: BotUnderTest;
const everyone = loadNetwork('data').directory.regions.flatMap((region) => region.people);
let dataDir: string | undefined;
afterEach(async () => {
  await harness.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

describe('rooster: who is on call now and next', () => {
  it('shows a coordinator each sub-region’s office roster and the ANW pool, with the next handover', async () => {
    harness = await BotUnderTest.start();
    const karin = harness.user('karin-bosch');
    await harness.user('els-vermeulen').install();
    await karin.say('rooster');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('Kantoorrooster Westelijke Mijnstreek');
    expect(text).toContain('Nu dienstdoende: Els Vermeulen (kaderhuisarts PZ), 06 1000 0501\n');
    // Gea never installed the bot: an offer to her would be skipped.
    expect(text).toContain('Achterwacht: Gea Lemmens (kader specialist ouderengeneeskunde PZ), 06 1000 0503 ⚠ nog niet bereikbaar via de chat (bot niet geïnstalleerd)');
    expect(text).toContain('Achterwacht: Gea Lemmens');
    expect(text).toContain('Daarna: di 24 nov. 08:00: Frank Geurts');
    expect(text).toContain('Daarna: ma 30 nov. 08:00: Joke Dassen');
    expect(text).toContain('ANW (avond, nacht, weekend, feestdagen) voor Westelijke Mijnstreek, Oostelijk Zuid-Limburg, Maastricht-Heuvelland');
    expect(text).toContain('Nu dienstdoende: Olaf Claessens');
    // Another region's rosters are not hers to see.
    expect(text).not.toContain('Drenthe');
  });

  it('answers to "oncall" too, and refuses a generalist', async () => {
    harness = await BotUnderTest.start();
    const karin = harness.user('karin-bosch');
    await karin.say('oncall');
    expect(karin.cards()).toHaveLength(1);
    const gp = harness.user('anna-de-vries');
    await gp.say('rooster');
    expect(gp.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
  });
});

describe('rooster outside office hours: an office roster is not in force on a public holiday, at night or at the weekend', () => {
  it('shows on Nieuwjaarsdag (Friday 1 January 2027, 10:00) that the office rosters are not in force, where consults go, and their next shift on Monday 4 January', async () => {
    harness = await BotUnderTest.start({ now: new Date('2027-01-01T10:00:00+01:00') });
    const karin = harness.user('karin-bosch');
    await karin.say('rooster');
    const text = cardText(karin.lastCard().card);
    expect(text.match(/Nu: buiten kantoortijd \(feestdag: Nieuwjaar\) — consulten gaan naar ANW-rooster Zuid-Limburg\n/g)).toHaveLength(2);
    expect(text).not.toContain('Nu dienstdoende: Joke Dassen');
    expect(text).not.toContain('Nu dienstdoende: Gea Lemmens');
    expect(text).toContain('Daarna: ma 4 jan. 08:00: Hanna Peters');
    expect(text).toContain('Daarna: ma 4 jan. 08:00: Els Vermeulen');
    // The ANW pool is the one on duty, as a consult would find it.
    expect(text).toContain('Nu dienstdoende: Frank Geurts');
  });

  it('shows who is on duty on the office rosters on a normal Friday, 8 January 2027 at 10:00', async () => {
    harness = await BotUnderTest.start({ now: new Date('2027-01-08T10:00:00+01:00') });
    const karin = harness.user('karin-bosch');
    await karin.say('rooster');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('Nu dienstdoende: Joke Dassen');
    expect(text).toContain('Nu dienstdoende: Els Vermeulen');
    expect(text).not.toContain('buiten kantoortijd');
  });

  it('names the first office shift after Kerstmis on Thursday evening 24 December 2026, and Tweede kerstdag on Saturday 26 December', async () => {
    harness = await BotUnderTest.start({ now: new Date('2026-12-24T20:00:00+01:00') });
    const karin = harness.user('karin-bosch');
    await karin.say('rooster');
    const evening = cardText(karin.lastCard().card);
    expect(evening).toContain('Nu: buiten kantoortijd (avond of nacht) — consulten gaan naar ANW-rooster Zuid-Limburg');
    expect(evening).toContain('Daarna: ma 28 dec. 08:00: Hanna Peters');
    expect(evening).toContain('Daarna: ma 28 dec. 08:00: Gea Lemmens');
    expect(evening).not.toContain('vr 25 dec. 08:00');
    expect(evening).not.toContain('niemand ingeroosterd');

    harness.clock.now = new Date('2026-12-26T10:00:00+01:00');
    await karin.say('rooster');
    expect(cardText(karin.lastCard().card)).toContain('Nu: buiten kantoortijd (feestdag: Tweede kerstdag) — consulten gaan naar ANW-rooster Zuid-Limburg');
  });
});

describe('rooster gaten: coverage gaps in the coming 14 days', () => {
  it('reports full coverage for the demo rosters when everyone on them can be reached', async () => {
    harness = await BotUnderTest.start();
    for (const person of everyone) await harness.user(person.id).install();
    const karin = harness.user('karin-bosch');
    await karin.say('rooster gaten');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('geen gaten');
    expect(text).not.toContain('Geen dienstdoende');
  });

  it('counts the shifts of someone the bot cannot reach as gaps', async () => {
    harness = await BotUnderTest.start();
    for (const person of everyone) if (person.id !== 'gea-lemmens') await harness.user(person.id).install();
    const karin = harness.user('karin-bosch');
    await karin.say('rooster gaten');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('10 gaten');
    expect(text).toContain('Niet bereikbaar: ma 23 nov. 10:00 – 17:00: Gea Lemmens (achterwacht)');
    expect(text).toContain('Niet bereikbaar: di 1 dec. 08:00 – 12:00: Gea Lemmens (dienstdoende)');
  });

  it('names the hours nobody is on call when an afternoon is missing from the rotation', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pz-data-'));
    await cp('data', dataDir, { recursive: true });
    const file = join(dataDir, 'rosters', 'kantoor-oostelijk-zuid-limburg.json');
    const roster = JSON.parse(await readFile(file, 'utf8'));
    roster.rotation.weeks[0][1] = { days: ['vr'], from: '08:00', to: '12:00', personId: 'joke-dassen', position: 'primary' };
    await writeFile(file, JSON.stringify(roster));
    harness = await BotUnderTest.start({ dataDir });
    for (const person of everyone) await harness.user(person.id).install();
    const karin = harness.user('karin-bosch');
    await karin.say('rooster gaten');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('2 gaten');
    expect(text).toContain('Geen dienstdoende: vr 27 nov. 12:00 – 17:00');
    expect(text).toContain('Geen dienstdoende: vr 4 dec. 12:00 – 17:00');
  });

  it('counts no office shift of someone unreachable on Nieuwjaarsdag (Friday 1 January 2027, 10:00), nobody being meant to work it', async () => {
    harness = await BotUnderTest.start({ now: new Date('2027-01-01T10:00:00+01:00') });
    for (const person of everyone) if (person.id !== 'gea-lemmens') await harness.user(person.id).install();
    const karin = harness.user('karin-bosch');
    await karin.say('rooster gaten');
    const text = cardText(karin.lastCard().card);
    expect(text).not.toContain('Niet bereikbaar: vr 1 jan.');
    expect(text).toContain('Niet bereikbaar: vr 8 jan. 08:00 – 17:00: Gea Lemmens (achterwacht)');
  });

  it('counts Gea’s office shifts around Kerstmis from Thursday 24 December 2026, but not those on Kerstmis and Nieuwjaarsdag', async () => {
    harness = await BotUnderTest.start({ now: new Date('2026-12-24T10:00:00+01:00') });
    for (const person of everyone) if (person.id !== 'gea-lemmens') await harness.user(person.id).install();
    const karin = harness.user('karin-bosch');
    await karin.say('rooster gaten');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('do 24 dec. 10:00 tot do 7 jan. 10:00: 8 gaten');
    expect(text).toContain('Niet bereikbaar: do 24 dec. 10:00 – 17:00: Gea Lemmens (achterwacht)');
    expect(text).toContain('Niet bereikbaar: ma 28 dec. 08:00 – 17:00: Gea Lemmens (dienstdoende)');
    expect(text).not.toContain('Niet bereikbaar: vr 25 dec.');
    expect(text).not.toContain('Niet bereikbaar: vr 1 jan.');
    // Her ANW week counts from the evening: in office hours the office rosters answer.
    expect(text).toContain('Niet bereikbaar: ma 4 jan. 17:00 – do 7 jan. 08:00: Gea Lemmens (achterwacht)');
  });

  it('is for coordinators: a specialist may see the roster but not the gaps', async () => {
    harness = await BotUnderTest.start();
    const els = harness.user('els-vermeulen');
    await els.say('rooster');
    expect(els.cards()).toHaveLength(1);
    await els.say('rooster gaten');
    expect(els.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
  });
});

describe.each(testStores())('an .ics import from the command line reaches the running bot (%s store)', (store) => {
  it('routes to the imported shift after the next tick', async () => {
    harness = await BotUnderTest.start({ store });
    harness.clock.now = new Date('2026-11-23T20:00:00+01:00');
    const karin = harness.user('karin-bosch');
    await karin.say('rooster');
    expect(cardText(karin.lastCard().card)).toContain('Nu dienstdoende: Olaf Claessens');

    // Another process (npm run roster:import) writes to the same store.
    const otherProcess = harness.database ? await PostgresStore.open(harness.database.url) : await FileStore.open(harness.storeDir);
    const ics = readFileSync('test/fixtures/ics/anw-zuid-limburg-outlook.ics', 'utf8');
    await importRosterIcs(otherProcess.rosters, loadNetwork('data'), 'anw-zuid-limburg', ics, 'anw.ics', harness.clock.read());
    await otherProcess.close();
    await harness.bot.tick();

    await karin.say('rooster');
    expect(cardText(karin.lastCard().card)).toContain('Nu dienstdoende: Els Vermeulen');
  });
});

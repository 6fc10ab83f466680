import { describe, expect, it } from 'vitest';
import { parseAbsence, parseMoment, standIn, withAbsences, type Absence } from '../../src/domain/absence.js';

const monday = new Date('2026-11-23T10:00:00+01:00');

describe('parseMoment: Dutch local dates and times', () => {
  it.each([
    ['vrijdag 17:00', '2026-11-27T16:00:00.000Z'],
    ['maandag 12:00', '2026-11-23T11:00:00.000Z'],
    ['maandag 09:00', '2026-11-30T08:00:00.000Z'],
    ['ma 9.00', '2026-11-30T08:00:00.000Z'],
    ['morgen om 8:30', '2026-11-24T07:30:00.000Z'],
    ['3 december 12:00', '2026-12-03T11:00:00.000Z'],
    ['3 dec 12:00 uur', '2026-12-03T11:00:00.000Z'],
    ['1 april 2027 09:00', '2027-04-01T07:00:00.000Z'],
    ['10 november 12:00', '2027-11-10T11:00:00.000Z'],
    ['3-12-2026 12:00', '2026-12-03T11:00:00.000Z'],
  ])('reads "%s" on Monday 23 November 2026 10:00 as %s', (text, iso) => {
    expect(parseMoment(text, monday)?.toISOString()).toBe(iso);
  });

  it('keeps the local clock time across the change to summer time', () => {
    // Saturday 27 March 2027; the clocks go forward on Sunday night.
    expect(parseMoment('maandag 08:00', new Date('2027-03-27T12:00:00+01:00'))?.toISOString()).toBe('2027-03-29T06:00:00.000Z');
  });

  it.each(['ooit', 'vrijdag', '31 februari 12:00', 'vrijdag 25:00'])('does not read "%s"', (text) => {
    expect(parseMoment(text, monday)).toBeUndefined();
  });
});

describe('parseAbsence', () => {
  it('reads the replacement after the moment', () => {
    expect(parseAbsence('Afwezig tot vrijdag 17:00, vervanger Els Vermeulen', monday)).toEqual({ kind: 'afwezig', until: new Date('2026-11-27T16:00:00Z'), replacementName: 'Els Vermeulen' });
    expect(parseAbsence('geen consulten tot 3 december 12:00', monday)).toEqual({ kind: 'geen-consulten', until: new Date('2026-12-03T11:00:00Z') });
  });
});

describe('standIn and withAbsences', () => {
  const away = (personId: string, replacementId?: string): Absence => ({
    id: personId, personId, kind: 'afwezig', from: '2026-11-23T08:00:00Z', until: '2026-11-27T16:00:00Z', ...(replacementId ? { replacementId } : {}),
  });
  const t = Date.parse('2026-11-24T10:00:00Z');

  it('replaces the primary by the replacement and leaves out the absent from backups and pool', () => {
    const absences = [away('els', 'frank'), away('gea')];
    expect(withAbsences({ primary: 'els', backups: ['gea', 'frank'] }, ['els', 'gea', 'frank', 'joke'], absences, t)).toEqual({ onCall: { primary: 'frank', backups: [] }, pool: ['frank', 'joke'] });
  });

  it('does not follow a replacement who is away too, and ends at the time given', () => {
    expect(standIn('els', [away('els', 'frank'), away('frank', 'els')], t)).toBeUndefined();
    expect(standIn('els', [away('els', 'frank')], Date.parse('2026-11-27T16:00:00Z'))).toBe('els');
    expect(standIn('els', [{ ...away('els', 'frank'), endedAt: '2026-11-24T09:00:00Z' }], t)).toBe('els');
  });
});

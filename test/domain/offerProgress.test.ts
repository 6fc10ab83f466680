import { describe, expect, it } from 'vitest';
import { newConsult, type Consult, type Transition } from '../../src/domain/consult.js';
import { SPOED_REQUEST } from '../store/records.js';
import { chainDoneAlert, chainDoneText, durationText, lastMove, movedOnText, offerProgress, offersSoFar } from '../../src/domain/offerProgress.js';
import { decline, expire, offerToNextStep } from '../../src/domain/paging.js';

const request = SPOED_REQUEST;

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute));
const words = { name: (id: string) => id.toUpperCase(), clock: (iso: string) => iso.slice(11, 16), moment: (iso: string) => `om ${iso.slice(11, 16)}` };

function ok(transition: Transition): Consult {
  if (!transition.ok) throw new Error(`refused: ${transition.refusal.message}`);
  return transition.consult;
}

/** Primary, backup, pool (5, 5, 10 minutes), one repeat; `reach` says who has the bot. */
function offered(reach: (id: string) => boolean): Consult {
  const consult = newConsult({
    id: '00000000-0000-4000-8000-000000000001',
    ref: 'C-7F3K',
    formId: 'form-1',
    requesterId: 'gp',
    patientRef: 'P-TEST',
    request,
    period: 'office',
    plan: [
      { label: 'Dienstdoende', personIds: ['els'], waitMinutes: 5 },
      { label: 'Achterwacht', personIds: ['gea'], waitMinutes: 5 },
      { label: 'Overige specialisten', personIds: ['frank', 'hanna'], waitMinutes: 10 },
    ],
    paging: { renotifyMinutes: 2, loops: 1 },
    now: at(0),
  });
  return ok(offerToNextStep(consult, at(0), reach));
}

describe('offerProgress', () => {
  it('counts a decline as a reaction and whom the bot could not reach apart', () => {
    const reach = (id: string) => id !== 'gea';
    let consult = ok(decline(offered(reach), 'els', 'op huisbezoek', at(1), reach));
    consult = ok(decline(consult, 'frank', '', at(2), reach));
    expect(offerProgress(consult)).toEqual({ offeredTo: ['els', 'frank', 'hanna'], declinedBy: ['els', 'frank'], waitingOn: ['hanna'], unreachable: ['gea'] });
  });
});

describe('movedOnText', () => {
  it('says who declined and that it now goes to the next, without "ook" when nobody else has it', () => {
    const reach = (id: string) => id !== 'gea';
    const consult = ok(decline(offered(reach), 'els', 'op huisbezoek', at(1), reach));
    expect(lastMove(consult)).toMatchObject({ declinedBy: ['els'], noReplyFrom: [], nowWith: ['frank', 'hanna'], again: false, alsoWith: [] });
    expect(movedOnText(consult, words)).toBe('ELS heeft het geweigerd. Het wordt nu aangeboden aan FRANK en HANNA, overige specialisten; reactie uiterlijk 09:11.');
  });

  it('says whose wait ran out, and that their offer stands', () => {
    const consult = ok(expire(offered(() => true), at(5), () => true));
    expect(movedOnText(consult, words)).toBe('nog geen reactie van ELS. Het wordt nu ook aangeboden aan GEA, achterwacht; reactie uiterlijk 09:10. Het aanbod aan ELS blijft staan.');
  });
});

describe('once the chain has run out', () => {
  const reach = (id: string) => id === 'els' || id === 'frank';
  function allDeclined(): Consult {
    let consult = ok(decline(offered(reach), 'els', 'op huisbezoek', at(0), reach));
    consult = ok(decline(consult, 'frank', 'in gesprek', at(1), reach));
    return consult;
  }

  it('tells the requester who declined and that nobody is left, not that nobody reacted', () => {
    const consult = allDeclined();
    expect(consult.exhaustedAt).toBe(at(1).toISOString());
    expect(chainDoneText(consult, words)).toBe('ELS en FRANK hebben het geweigerd. Er is niemand meer aan wie het kan worden aangeboden; de netwerkcoördinator is ingelicht.');
  });

  it('tells the coordinator who declined, who cannot be reached and how long it took', () => {
    expect(chainDoneAlert(allDeclined(), words)).toBe(
      'niemand heeft het aangenomen. Aangevraagd om 09:00; de keten was na 1 minuut rond. Geweigerd door ELS en FRANK. ' +
        'Niet bereikbaar via de chat (app niet geïnstalleerd): GEA en HANNA. Er staat geen aanbod meer open: niemand kan het via de chat nog aannemen.',
    );
  });

  it('says the offer still stands when someone has it, and nothing about a chain when nobody could be reached', () => {
    const waiting = ok(expire(ok(expire(offered((id) => id === 'els'), at(5), (id) => id === 'els')), at(10), (id) => id === 'els'));
    expect(chainDoneText(waiting, words)).toBe('nog niemand heeft het aangenomen. Het aanbod aan ELS blijft staan en wordt steeds opnieuw gestuurd; de netwerkcoördinator is ingelicht.');
    const nobody = offered(() => false);
    expect(chainDoneText(nobody, words)).toBe('nog niemand heeft het aangenomen. Er is nu geen specialist PZ via de chat te bereiken; de netwerkcoördinator is ingelicht.');
    expect(chainDoneAlert(nobody, words)).toContain('de keten was direct rond.');
  });

  it('says before a withdrawal to how many it was offered and what they did', () => {
    expect(offersSoFar(allDeclined())).toBe('Het is aangeboden aan 2 specialisten PZ; beiden hebben het geweigerd.');
    expect(offersSoFar(offered(() => false))).toBe('Het is nog aan niemand aangeboden.');
    expect(offersSoFar(offered(() => true))).toBe('Het is aangeboden aan 1 specialist PZ; nog niemand heeft het aangenomen.');
  });
});

describe('durationText', () => {
  it.each([
    [60_000, '1 minuut'],
    [25 * 60_000, '25 minuten'],
    [60 * 60_000, '1 uur'],
    [125 * 60_000, '2 uur en 5 minuten'],
    [(3 * 24 + 4) * 3_600_000, '3 dagen en 4 uur'],
    [24 * 3_600_000, '1 dag'],
  ])('%i ms is "%s"', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });
});

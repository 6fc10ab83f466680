import { describe, expect, it } from 'vitest';
import * as lifecycle from '../../src/domain/consult.js';
import { decline, expire, nextRenotificationAt, offerToNextStep, renotify } from '../../src/domain/paging.js';
import type { Consult, Transition } from '../../src/domain/consult.js';
import { SPOED_REQUEST } from '../store/records.js';

const request = SPOED_REQUEST;

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute));
const everyoneReachable = () => true;

function submitted(): Consult {
  return lifecycle.newConsult({
    id: '00000000-0000-4000-8000-000000000001',
    ref: 'C-7F3K',
    formId: 'form-1',
    requesterId: 'gp',
    patientRef: 'P-TEST',
    request,
    period: 'office',
    plan: [
      { label: 'dienstdoende', personIds: ['primary'] },
      { label: 'achterwacht', personIds: ['backup-1', 'backup-2'] },
    ],
    now: at(0),
  });
}

function ok(transition: Transition): Consult {
  if (!transition.ok) throw new Error(`refused: ${transition.refusal.message}`);
  return transition.consult;
}

/** A consult whose steps wait 5 minutes, paging as a region configures it. */
const paged = (paging: Consult['paging']): Consult => ({
  ...submitted(),
  plan: [
    { label: 'dienstdoende', personIds: ['primary'], waitMinutes: 5 },
    { label: 'achterwacht', personIds: ['backup-1', 'backup-2'], waitMinutes: 5 },
  ],
  paging,
});

const offered = () => ok(offerToNextStep(submitted(), at(1), everyoneReachable));

describe('consult lifecycle', () => {
  it('starts as ingediend, with nobody offered yet', () => {
    const consult = submitted();
    expect(consult.status).toBe('ingediend');
    expect(consult.offers).toEqual([]);
    expect(consult.version).toBe(1);
  });

  it('offers the consult to the primary first', () => {
    const consult = offered();
    expect(consult.status).toBe('aangeboden');
    expect(lifecycle.pendingOffers(consult).map((o) => o.personId)).toEqual(['primary']);
    expect(consult.version).toBe(2);
  });

  it('moves a declined consult on to all backups at once, keeping the reason', () => {
    const consult = ok(decline(offered(), 'primary', 'in een bedside consult', at(2), everyoneReachable));
    expect(lifecycle.pendingOffers(consult).map((o) => o.personId)).toEqual(['backup-1', 'backup-2']);
    expect(consult.offers[0]).toMatchObject({ personId: 'primary', outcome: 'geweigerd', reason: 'in een bedside consult' });
    expect(consult.version).toBe(3);
  });

  it('waits for the others in a step when one of them declines', () => {
    const backups = ok(decline(offered(), 'primary', '', at(2), everyoneReachable));
    const consult = ok(decline(backups, 'backup-1', '', at(3), everyoneReachable));
    expect(consult.status).toBe('aangeboden');
    expect(lifecycle.pendingOffers(consult).map((o) => o.personId)).toEqual(['backup-2']);
  });

  it('stays open when everyone in the plan declined, and says when the chain ran out', () => {
    let consult = ok(decline(offered(), 'primary', '', at(2), everyoneReachable));
    consult = ok(decline(consult, 'backup-1', '', at(3), everyoneReachable));
    consult = ok(decline(consult, 'backup-2', '', at(4), everyoneReachable));
    expect(consult.status).toBe('aangeboden');
    expect(lifecycle.isOpen(consult)).toBe(true);
    expect(consult.exhaustedAt).toBe(at(4).toISOString());
  });

  it('never lets an open offer lapse when a step times out, and starts the chain again after the last step', () => {
    const onlyPrimary = (id: string) => id === 'primary';
    let consult = ok(offerToNextStep(paged({ renotifyMinutes: 2, loops: 1 }), at(0), onlyPrimary));
    // The backups cannot be reached: their step passes at once, and the primary's offer stands.
    consult = ok(expire(consult, new Date(Date.parse(consult.stepDeadline!)), onlyPrimary));
    expect(lifecycle.pendingOffers(consult).map((o) => o.personId)).toEqual(['primary']);
    expect(consult.stepLog.map((s) => [s.trigger, s.step, s.round])).toEqual([['request', 0, 0], ['repeat', 0, 1]]);
    expect(consult.offers.filter((o) => o.outcome === 'overgeslagen').map((o) => o.personId)).toEqual(['backup-1', 'backup-2']);
    consult = ok(expire(consult, new Date(Date.parse(consult.stepDeadline!)), onlyPrimary));
    expect(consult.status).toBe('aangeboden');
    expect(consult.exhaustedAt).toBeDefined();
    expect(consult.stepDeadline).toBeUndefined();
    expect(lifecycle.pendingOffers(consult).map((o) => o.personId)).toEqual(['primary']);
    // Skipped people are recorded once, not again on every pass.
    expect(consult.offers.filter((o) => o.outcome === 'overgeslagen')).toHaveLength(2);
    expect(ok(lifecycle.accept(consult, 'primary', at(30))).status).toBe('geaccepteerd');
  });

  it('re-notifies the open offers every renotifyMinutes after the last time, so a long outage gives one, not a burst', () => {
    let consult = ok(offerToNextStep(paged({ renotifyMinutes: 2, loops: 0 }), at(0), everyoneReachable));
    expect(nextRenotificationAt(consult)).toEqual(at(2));
    consult = ok(renotify(consult, at(60)));
    expect(consult.renotified).toEqual([{ at: at(60).toISOString(), personIds: ['primary'] }]);
    expect(nextRenotificationAt(consult)).toEqual(at(62));
    consult = ok(lifecycle.accept(consult, 'primary', at(61)));
    expect(nextRenotificationAt(consult)).toBeUndefined();
    expect(renotify(consult, at(62)).ok).toBe(false);
  });

  it('skips people the bot cannot reach and records that it did', () => {
    const consult = ok(offerToNextStep(submitted(), at(1), (id) => id !== 'primary'));
    expect(consult.offers[0]).toMatchObject({ personId: 'primary', outcome: 'overgeslagen' });
    expect(lifecycle.pendingOffers(consult).map((o) => o.personId)).toEqual(['backup-1', 'backup-2']);
  });

  it('never offers a consult to the person who asked for it', () => {
    const own = { ...submitted(), requesterId: 'primary' };
    const consult = ok(offerToNextStep(own, at(1), everyoneReachable));
    expect(consult.offers.map((o) => o.personId)).toEqual(['backup-1', 'backup-2']);
  });

  it('gives the consult to whoever accepts first and lets the other offers lapse', () => {
    const backups = ok(decline(offered(), 'primary', '', at(2), everyoneReachable));
    const consult = ok(lifecycle.accept(backups, 'backup-2', at(3)));
    expect(consult.status).toBe('geaccepteerd');
    expect(consult.acceptedBy).toBe('backup-2');
    expect(consult.offers.find((o) => o.personId === 'backup-1')?.outcome).toBe('vervallen');
    const late = lifecycle.accept(consult, 'backup-1', at(4));
    expect(late).toMatchObject({ ok: false, refusal: { code: 'taken' } });
  });

  it('refuses an accept from someone who was not offered the consult', () => {
    expect(lifecycle.accept(offered(), 'backup-1', at(2))).toMatchObject({ ok: false, refusal: { code: 'no-offer' } });
  });

  it('answers a repeated accept by the holder without changing anything', () => {
    const consult = ok(lifecycle.accept(offered(), 'primary', at(2)));
    expect(lifecycle.accept(consult, 'primary', at(3))).toMatchObject({ ok: false, refusal: { code: 'already-yours' } });
  });

  it('relays messages only between requester and holder', () => {
    const consult = ok(lifecycle.accept(offered(), 'primary', at(2)));
    const withMessage = ok(lifecycle.addMessage(consult, 'gp', 'Hoeveel midazolam?', at(3)));
    expect(withMessage.messages).toEqual([{ fromPersonId: 'gp', at: at(3).toISOString(), text: 'Hoeveel midazolam?' }]);
    expect(lifecycle.addMessage(consult, 'backup-1', 'hallo', at(3))).toMatchObject({ ok: false, refusal: { code: 'not-party' } });
    expect(lifecycle.addMessage(offered(), 'gp', 'nog niemand?', at(3))).toMatchObject({ ok: false, refusal: { code: 'not-open' } });
  });

  it('refuses a message with a BSN-like number, or longer than 4,000 characters, and changes nothing', () => {
    const consult = ok(lifecycle.accept(offered(), 'primary', at(2)));
    expect(lifecycle.addMessage(consult, 'gp', 'BSN 111 222 333', at(3))).toMatchObject({ ok: false, refusal: { code: 'bsn' } });
    expect(lifecycle.addMessage(consult, 'gp', 'x'.repeat(lifecycle.MAX_MESSAGE_CHARS + 1), at(3))).toMatchObject({ ok: false, refusal: { code: 'too-long' } });
    expect(ok(lifecycle.addMessage(consult, 'gp', 'x'.repeat(lifecycle.MAX_MESSAGE_CHARS), at(3))).messages).toHaveLength(1);
  });

  it('holds at most 500 messages, and still recognises a redelivery at the cap as already sent', () => {
    let consult = ok(lifecycle.accept(offered(), 'primary', at(2)));
    for (let n = 0; n < lifecycle.MAX_MESSAGES_PER_CONSULT; n++) consult = ok(lifecycle.addMessage(consult, n % 2 ? 'gp' : 'primary', `bericht ${n}`, at(3), `bron-${n}`));
    expect(lifecycle.addMessage(consult, 'gp', 'nog een', at(4), 'bron-nieuw')).toMatchObject({ ok: false, refusal: { code: 'full' } });
    expect(lifecycle.addMessage(consult, 'gp', 'bericht 499', at(4), 'bron-499')).toMatchObject({ ok: false, refusal: { code: 'duplicate' } });
  });

  it('lets only the holder close an accepted consult, once', () => {
    const consult = ok(lifecycle.accept(offered(), 'primary', at(2)));
    const closure = { outcome: 'advies', adviceSummary: 'Start midazolam sc.', contactIds: [] };
    expect(lifecycle.close(consult, 'gp', closure, at(5))).toMatchObject({ ok: false, refusal: { code: 'not-holder' } });
    expect(lifecycle.close(offered(), 'primary', closure, at(5))).toMatchObject({ ok: false, refusal: { code: 'not-open' } });
    const closed = ok(lifecycle.close(consult, 'primary', closure, at(5)));
    expect(closed.status).toBe('afgerond');
    expect(closed.closedAt).toBe(at(5).toISOString());
    expect(lifecycle.close(closed, 'primary', closure, at(6))).toMatchObject({ ok: false });
  });

  it('lets the requester withdraw until someone accepts', () => {
    const withdrawn = ok(lifecycle.withdraw(offered(), 'gp', at(2)));
    expect(withdrawn.status).toBe('ingetrokken');
    expect(lifecycle.pendingOffers(withdrawn)).toEqual([]);
    const accepted = ok(lifecycle.accept(offered(), 'primary', at(2)));
    expect(lifecycle.withdraw(accepted, 'gp', at(3))).toMatchObject({ ok: false, refusal: { code: 'not-open' } });
    expect(lifecycle.withdraw(offered(), 'primary', at(3))).toMatchObject({ ok: false, refusal: { code: 'not-party' } });
  });

  it('raises the version by exactly one on every change', () => {
    const start = offered();
    const accepted = ok(lifecycle.accept(start, 'primary', at(2)));
    expect(accepted.version).toBe(start.version + 1);
    const declined = ok(decline(start, 'primary', '', at(2), everyoneReachable));
    expect(declined.version).toBe(start.version + 1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

/**
 * Escalation with a controllable clock. Monday 23 November 2026, 10:00: office hours, so the
 * Westelijke Mijnstreek roster applies: Els (primary, 5 min), Gea (backup, 5 min), then the rest
 * of the team, Frank (10 min), then the fallback number.
 */

let harness: BotUnderTest;
let gp: TeamsUser;
let els: TeamsUser;
let gea: TeamsUser;
let frank: TeamsUser;

beforeEach(async () => {
  harness = await BotUnderTest.start();
  gp = harness.user('anna-de-vries');
  els = harness.user('els-vermeulen');
  gea = harness.user('gea-lemmens');
  frank = harness.user('frank-geurts');
  for (const user of [gp, els, gea, frank]) await user.install();
});
afterEach(async () => {
  await harness.stop();
});

async function requestSpoed() {
  const { consult } = await gp.requestConsult({ patientInitials: 'M.', patientBirthYear: '1940', urgency: 'spoed', question: 'Terminale onrust, sedatie starten?' });
  return consult;
}

describe('when nobody answers, the request keeps moving', () => {
  it('moves to the backup after the primary’s 5 minutes, not before', async () => {
    const consult = await requestSpoed();
    harness.clock.advanceMinutes(4);
    expect(await harness.bot.consults.escalateDue()).toBe(0);
    expect(gea.cards()).toHaveLength(0);
    harness.clock.advanceMinutes(1);
    expect(await harness.bot.consults.escalateDue()).toBe(1);
    expect(cardText(gea.lastCard().card)).toContain('Dit consult wordt aan u aangeboden.');
    const stored = await harness.bot.store.consults.get(consult.id);
    expect(stored!.stepLog.map((s) => [s.step, s.trigger, s.at])).toEqual([
      [0, 'request', '2026-11-23T09:00:00.000Z'],
      [1, 'timeout', '2026-11-23T09:05:00.000Z'],
    ]);
  });

  it('moves on at once when the backup declines, skipping the rest of the wait', async () => {
    const consult = await requestSpoed();
    harness.clock.advanceMinutes(5);
    await harness.bot.consults.escalateDue();
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'op huisbezoek' });
    expect(frank.cards()).toHaveLength(0);
    await gea.press('consult.decline', { consultId: consult.id, declineReason: '' });
    expect(cardText(frank.lastCard().card)).toContain('Dit consult wordt aan u aangeboden.');
    const stored = await harness.bot.store.consults.get(consult.id);
    expect(stored!.stepLog.map((s) => s.trigger)).toEqual(['request', 'timeout', 'decline']);
  });

  it('passes a step whose people cannot be reached at once, without waiting out its time, and tells only the coordinator', async () => {
    // A bot where Gea (the backup) never installed the app.
    await harness.stop();
    harness = await BotUnderTest.start();
    [gp, els, frank] = [harness.user('anna-de-vries'), harness.user('els-vermeulen'), harness.user('frank-geurts')];
    const karin = harness.user('karin-bosch');
    for (const user of [gp, els, frank, karin]) await user.install();
    const consult = await requestSpoed();
    harness.clock.advanceMinutes(5);
    await harness.bot.consults.escalateDue();
    const stored = await harness.bot.store.consults.get(consult.id);
    expect(stored!.stepIndex).toBe(2);
    expect(cardText(frank.lastCard().card)).toContain('Dit consult wordt aan u aangeboden.');
    expect(stored!.stepDeadline).toBe('2026-11-23T09:15:00.000Z');
    expect(karin.messages().some((text) => text.includes('Gea Lemmens is niet bereikbaar via de chat'))).toBe(true);
    expect(gp.messages().join('\n')).not.toContain('Gea');
  });

  it('starts the chain again after the last step, with every offer still standing, and tells the GP each move once', async () => {
    const consult = await requestSpoed();
    for (const minutes of [5, 5, 10]) {
      harness.clock.advanceMinutes(minutes);
      await harness.bot.consults.escalateDue();
    }
    const stored = await harness.bot.store.consults.get(consult.id);
    expect(stored!.status).toBe('aangeboden');
    expect(stored!.stepLog.map((s) => [s.trigger, s.step, s.round])).toEqual([['request', 0, 0], ['timeout', 1, 0], ['timeout', 2, 0], ['repeat', 0, 1]]);
    expect(cardText(els.currentCard(els.cards()[0]!.activityId))).toContain('Dit consult wordt aan u aangeboden.');
    expect(gp.messages().filter((text) => text.startsWith(`Consult ${consult.ref}: nog geen reactie`))).toEqual([
      `Consult ${consult.ref}: nog geen reactie van Els Vermeulen. Het wordt nu ook aangeboden aan Gea Lemmens, achterwacht Westelijke Mijnstreek (kantoortijd); reactie uiterlijk 10:10. Het aanbod aan Els Vermeulen blijft staan.`,
      `Consult ${consult.ref}: nog geen reactie van Gea Lemmens. Het wordt nu ook aangeboden aan Frank Geurts, overige specialisten PZ Westelijke Mijnstreek; reactie uiterlijk 10:20. Het aanbod aan Els Vermeulen en Gea Lemmens blijft staan.`,
      `Consult ${consult.ref}: nog geen reactie van Frank Geurts. Het wordt opnieuw aangeboden aan Els Vermeulen, dienstdoende specialist PZ Westelijke Mijnstreek (kantoortijd); reactie uiterlijk 10:25. Het aanbod aan Gea Lemmens en Frank Geurts blijft staan.`,
    ]);
    await harness.bot.consults.renotifyDue();
    // Everyone whose offer stands is paged again, as a new message.
    for (const specialist of [els, gea, frank]) {
      expect(specialist.messages().at(-1)).toBe(`Herinnering: consult ${consult.ref} (spoed) wacht nog op uw reactie, sinds 10:00. Accepteer of weiger het op de kaart.`);
    }
  });

  it('runs a step that fell due while the bot was down once at start-up, and keeps a future step’s time', async () => {
    const consult = await requestSpoed();
    await harness.bot.stop();
    harness.clock.advanceMinutes(7);
    await harness.boot();
    // Start-up ran the overdue step: Gea was offered exactly once.
    expect(gea.cards()).toHaveLength(1);
    expect(await harness.bot.consults.escalateDue()).toBe(0);
    const stored = await harness.bot.store.consults.get(consult.id);
    expect(stored!.stepLog.map((s) => s.trigger)).toEqual(['request', 'timeout']);
    // The new step's wait counts from when it ran, not from when it was due.
    expect(stored!.stepDeadline).toBe('2026-11-23T09:12:00.000Z');
    await harness.restart();
    expect(gea.cards()).toHaveLength(1);
    expect(frank.cards()).toHaveLength(0);
  });

  it('keeps the plan made at request time when the roster changes afterwards', async () => {
    const consult = await requestSpoed();
    expect(consult.plan.map((step) => step.personIds)).toEqual([['els-vermeulen'], ['gea-lemmens'], ['frank-geurts']]);
    harness.clock.advanceMinutes(24 * 60); // Tuesday: Frank is primary now
    await harness.bot.consults.escalateDue();
    expect(cardText(gea.lastCard().card)).toContain('Aangeboden als: Achterwacht Westelijke Mijnstreek (kantoortijd)');
    expect((await harness.bot.store.consults.get(consult.id))!.plan).toEqual(consult.plan);
  });
});

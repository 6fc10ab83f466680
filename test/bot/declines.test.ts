import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

/**
 * Declines are reactions, and the texts say so. Monday 23 November 2026, 10:00: office hours in
 * Westelijke Mijnstreek, so the spoed chain is Els (primary, 5 min), Gea (backup, 5 min), Frank
 * (the rest of the team, 10 min). Gea never installed the bot, so her step passes at once.
 */

let harness: BotUnderTest;
let gp: TeamsUser;
let els: TeamsUser;
let frank: TeamsUser;
let karin: TeamsUser;

beforeEach(async () => {
  harness = await BotUnderTest.start();
  [gp, els, frank, karin] = [harness.user('anna-de-vries'), harness.user('els-vermeulen'), harness.user('frank-geurts'), harness.user('karin-bosch')];
  for (const user of [gp, els, frank, karin]) await user.install();
});
afterEach(async () => {
  await harness.stop();
});

async function requestSpoed() {
  const { consult, cardActivityId } = await gp.requestConsult({ urgency: 'spoed', callbackPhone: '046 411 0101', question: 'Terminale onrust, sedatie starten?' });
  return { consult, statusCard: () => cardText(gp.currentCard(cardActivityId)), cardActivityId };
}

const fallback = 'Bel het regionale consultatieteam palliatieve zorg Mijnstreek: 046 400 9000 (24/7).';

describe('when the specialists decline a spoed consult', () => {
  it('tells the GP who declined and to whom it goes now, not that nobody reacted, nor that it goes to the whole chain again', async () => {
    const { consult, statusCard } = await requestSpoed();
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'zelf op huisbezoek' });
    expect(statusCard()).toContain('Reactie uiterlijk 10:10, daarna opnieuw naar de keten, behalve wie het heeft geweigerd.');
    expect(gp.messages().at(-1)).toBe(
      `Consult ${consult.ref}: Els Vermeulen heeft het geweigerd. Het wordt nu aangeboden aan Frank Geurts, overige specialisten PZ Westelijke Mijnstreek; reactie uiterlijk 10:10.`,
    );
    expect(gp.messages().join('\n')).not.toMatch(/nog geen reactie|Eerdere aanbiedingen|Gea Lemmens/);
  });

  it('says on the GP’s card and in the chat who declined and that nobody is left to offer it to, with the number to call', async () => {
    const { consult, statusCard } = await requestSpoed();
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'zelf op huisbezoek' });
    harness.clock.advanceMinutes(1);
    await frank.press('consult.decline', { consultId: consult.id, declineReason: 'in een familiegesprek' });

    const told = `Els Vermeulen en Frank Geurts hebben het geweigerd. Er is niemand meer aan wie het kan worden aangeboden; de netwerkcoördinator is ingelicht. ${fallback}`;
    expect(gp.messages().at(-1)).toBe(`Consult ${consult.ref}: ${told}`);
    const card = statusCard();
    expect(card).toContain(`Wat nu: ${told}`);
    expect(card).toContain('(“in een familiegesprek”)');
    expect(card).not.toMatch(/Nog niemand|opnieuw aangeboden|Gea Lemmens/);
    expect(gp.messages().join('\n')).not.toMatch(/nog niemand|nog geen reactie|Gea Lemmens/);
  });

  it('tells the withdrawing GP to how many it was offered and that they declined', async () => {
    const { consult, cardActivityId } = await requestSpoed();
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'zelf op huisbezoek' });
    await frank.press('consult.decline', { consultId: consult.id, declineReason: '' });
    const asking = cardText(await gp.press('consult.withdrawAsk', { consultId: consult.id }, cardActivityId));
    expect(asking).toContain('Dit is een spoedaanvraag. Het is aangeboden aan 2 specialisten PZ; beiden hebben het geweigerd. Na het intrekken wordt het consult aan niemand meer aangeboden.');
    expect(asking).not.toContain('Niemand heeft het aanbod');
  });

  it('tells the withdrawing GP who still decides when one of two declined', async () => {
    const { consult, cardActivityId } = await requestSpoed();
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'zelf op huisbezoek' });
    const asking = cardText(await gp.press('consult.withdrawAsk', { consultId: consult.id }, cardActivityId));
    expect(asking).toContain(
      'Het is aangeboden aan 2 specialisten PZ; 1 heeft het geweigerd en nog niemand heeft het aangenomen. Na het intrekken wordt het consult aan niemand meer aangeboden. Frank Geurts krijgt bericht, met uw reden.',
    );
  });

  it('alerts the coordinator with what happened (who declined, who cannot be reached, how long), not "the whole chain 3 times"', async () => {
    const { consult } = await requestSpoed();
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'zelf op huisbezoek' });
    harness.clock.advanceMinutes(1);
    await frank.press('consult.decline', { consultId: consult.id, declineReason: 'in een familiegesprek' });
    const alerts = karin.messages().filter((text) => text.startsWith(`Let op, consult ${consult.ref}`));
    expect(alerts).toEqual([
      `Let op, consult ${consult.ref} (spoed): niemand heeft het aangenomen. Aangevraagd op 23 november om 10:00; de keten was na 1 minuut rond. ` +
        'Geweigerd door Els Vermeulen en Frank Geurts. Niet bereikbaar via de chat (app niet geïnstalleerd): Gea Lemmens. ' +
        'Er staat geen aanbod meer open: niemand kan het via de chat nog aannemen. Zorg dat iemand het oppakt, of bel de aanvrager, Anna de Vries, op 046 411 0101.',
    ]);
    // No patient data in the coordinator's chat.
    expect(alerts[0]).not.toMatch(/Terminale onrust|sedatie|familiegesprek|huisbezoek/);
  });
});

describe('when a step’s wait runs out after a decline', () => {
  it('names who did not react yet, and says earlier offers stand only while they do', async () => {
    const gea = harness.user('gea-lemmens');
    await gea.install();
    const { consult } = await requestSpoed();
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'zelf op huisbezoek' });
    harness.clock.advanceMinutes(5);
    await harness.bot.consults.escalateDue();
    expect(gp.messages().filter((text) => text.startsWith(`Consult ${consult.ref}:`))).toEqual([
      `Consult ${consult.ref}: Els Vermeulen heeft het geweigerd. Het wordt nu aangeboden aan Gea Lemmens, achterwacht Westelijke Mijnstreek (kantoortijd); reactie uiterlijk 10:05.`,
      `Consult ${consult.ref}: nog geen reactie van Gea Lemmens. Het wordt nu ook aangeboden aan Frank Geurts, overige specialisten PZ Westelijke Mijnstreek; reactie uiterlijk 10:15. Het aanbod aan Gea Lemmens blijft staan.`,
    ]);
  });
});

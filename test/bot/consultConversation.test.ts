import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

let harness: BotUnderTest;
afterEach(async () => {
  await harness?.stop();
});

/**
 * Anna (GP) asks a spoed consult; Monday 10:00 it goes to Els first and after her 5 minutes also
 * to Gea (Els's offer stays open), then to Frank; all have the bot installed.
 */
async function waitingRequest(fields: Record<string, string> = {}) {
  harness = await BotUnderTest.start();
  const [gp, els, gea, frank] = ['anna-de-vries', 'els-vermeulen', 'gea-lemmens', 'frank-geurts'].map((id) => harness.user(id)) as [TeamsUser, TeamsUser, TeamsUser, TeamsUser];
  for (const user of [gp, els, gea, frank]) await user.install();
  const { consult, cardActivityId } = await gp.requestConsult({ urgency: 'spoed', ...fields });
  return { gp, els, gea, frank, consult, statusCardId: cardActivityId };
}

async function offeredToTwo() {
  const request = await waitingRequest();
  harness.clock.advanceMinutes(5);
  await harness.bot.consults.escalateDue();
  return request;
}

const offerCard = (specialist: TeamsUser) => {
  const offer = specialist.cards().find((c) => cardText(c.card).includes('Consultaanbod'))!;
  return specialist.currentCard(offer.activityId);
};

describe('adding information to a waiting request', () => {
  it('sends an "Aanvulling" to every specialist deciding on the request and shows it on their offer card', async () => {
    const { gp, els, gea, consult } = await offeredToTwo();
    await gp.say('Aanvulling: patiënt is sinds vanmiddag niet meer aanspreekbaar');

    expect(gp.messages().at(-1)).toBe(`Uw aanvulling is toegevoegd aan consult ${consult.ref} en doorgestuurd naar de 2 specialisten PZ die erover beslissen.`);
    for (const specialist of [els, gea]) {
      expect(specialist.messages().at(-1)).toBe(`[${consult.ref}] Aanvulling van Anna de Vries op de aanvraag: patiënt is sinds vanmiddag niet meer aanspreekbaar`);
      expect(cardText(offerCard(specialist))).toContain('Aanvullingen van de aanvrager');
      expect(cardText(offerCard(specialist))).toContain('patiënt is sinds vanmiddag niet meer aanspreekbaar');
    }
  });

  it('takes an addition with the reference in front, and one delivered twice only once', async () => {
    const { gp, els, consult } = await waitingRequest();
    const activity = gp.activity({ type: 'message', text: `${consult.ref}: ook misselijk sinds gisteren` });
    await gp.post(activity);
    await gp.post(activity);
    expect(els.messages().filter((m) => m.includes('ook misselijk'))).toHaveLength(1);
    expect((await harness.bot.store.consults.get(consult.id))!.supplements!.map((s) => s.text)).toEqual(['ook misselijk sinds gisteren']);
  });

  it('shows the addition to a specialist the request is offered to later', async () => {
    const { gp, els, gea, frank, consult } = await waitingRequest();
    await gp.say('Aanvulling: familie wil thuis blijven');
    expect(gp.messages().at(-1)).toBe(`Uw aanvulling is toegevoegd aan consult ${consult.ref} en doorgestuurd naar de specialist PZ die erover beslist.`);
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'in bedside consult' }, els.cards().at(-1)!.activityId);
    expect(cardText(gea.lastCard().card)).toContain('familie wil thuis blijven');
    await gea.press('consult.decline', { consultId: consult.id, declineReason: 'op huisbezoek' }, gea.cards().at(-1)!.activityId);
    expect(cardText(frank.lastCard().card)).toContain('familie wil thuis blijven');
  });

  it('refuses an addition once the consult is accepted, as the message goes into the conversation instead', async () => {
    const { gp, els, consult } = await waitingRequest();
    await els.press('consult.accept', { consultId: consult.id }, els.cards().at(-1)!.activityId);
    await gp.say(`${consult.ref}: nog een detail`);
    expect(els.messages().at(-1)).toBe(`[${consult.ref}] Anna de Vries: nog een detail`);
  });
});

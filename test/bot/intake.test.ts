import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

let harness: BotUnderTest;
let gp: TeamsUser;
beforeEach(async () => {
  harness = await BotUnderTest.start();
  gp = harness.user('anna-de-vries');
  await Promise.all([gp.install(), harness.user('els-vermeulen').install()]);
});
afterEach(async () => {
  await harness.stop();
});

const QUESTION = 'mw 84 jr thuis, toenemende onrust en benauwdheid, sedatie overwegen? graag bellen';
const REQUEST = `spoed: ${QUESTION}`;
const valueOf = (card: any, id: string): string | undefined => JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];

describe('a consult request in the GP’s own words', () => {
  it('pre-fills the form from "consult <text>" and sends nothing until the GP submits', async () => {
    await gp.say(`consult ${REQUEST}`);
    const form = gp.lastCard();
    expect(cardText(form.card)).toContain('Ingevuld uit uw bericht: controleer en vul aan. Er is nog niets verstuurd.');
    expect([valueOf(form.card, 'urgency'), valueOf(form.card, 'setting'), valueOf(form.card, 'form')]).toEqual(['spoed', 'thuis', 'telefonisch']);
    expect(valueOf(form.card, 'dimensions')).toContain('fysiek');
    // The urgency label has a field of its own, so it leaves the question; the age becomes a birth year to confirm.
    expect(valueOf(form.card, 'question')).toBe(QUESTION);
    expect(valueOf(form.card, 'patientBirthYear')).toBe(String(harness.clock.read().getFullYear() - 84));
    expect(cardText(form.card)).toContain('Geschat uit de leeftijd in uw bericht (84 jaar): controleer het geboortejaar.');
    expect((await harness.bot.store.consults.open())).toEqual([]);
    expect(harness.user('els-vermeulen').cards()).toEqual([]);

    // The GP adds what the words did not say and submits.
    const data = {
      ...form.card.actions[0].data, patientInitials: 'M.', patientBirthYear: valueOf(form.card, 'patientBirthYear'), subRegionId: 'westelijke-mijnstreek', complexity: 'complex',
      urgency: valueOf(form.card, 'urgency'), setting: valueOf(form.card, 'setting'), form: valueOf(form.card, 'form'),
      dimensions: valueOf(form.card, 'dimensions'), question: valueOf(form.card, 'question'), callbackPhone: '046 411 0101',
    };
    await gp.press('consult.submit', data, form.activityId);
    expect((await harness.bot.store.consults.open())[0]!.request).toMatchObject({ urgency: 'spoed', setting: 'thuis', form: 'telefonisch', question: QUESTION });
  });

  it('recognises free text that plainly asks for a consult', async () => {
    await gp.say('mw 84 jr thuis, toenemende onrust en benauwdheid, sedatie overwegen?');
    expect(cardText(gp.lastCard().card)).toContain('Ingevuld uit uw bericht');
  });

  it('leaves the birth year empty, without a note, when the message gives no age', async () => {
    await gp.say('consult mw thuis, toenemende onrust, graag bellen');
    const form = gp.lastCard();
    expect(valueOf(form.card, 'patientBirthYear')).toBe('');
    expect(cardText(form.card)).not.toContain('Geschat uit de leeftijd');
  });

  it('does not open a form for a coordinator or for ordinary chat', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('mw 84 jr thuis, toenemende onrust en benauwdheid, sedatie overwegen?');
    expect(karin.cards()).toEqual([]);
    await gp.say('goedemorgen');
    expect(gp.cards()).toEqual([]);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { BotUnderTest, cardText } from '../support/botUnderTest.js';

let harness: BotUnderTest;
beforeEach(async () => { harness = await BotUnderTest.start(); });
afterEach(async () => { await harness.stop(); });

it('smoke', async () => {
  const gp = harness.user('anna-de-vries');
  const els = harness.user('els-vermeulen');
  await els.install();
  await gp.say('help');
  console.log(JSON.stringify(harness.connector.calls, null, 1).slice(0, 3000));
  await gp.say('consult');
  const form = gp.lastCard();
  const formId = form.card.actions[0].data.formId;
  const status = await gp.press('consult.submit', { formId, patientInitials: 'J.A.', patientBirthYear: '1942', setting: 'thuis', subRegionId: 'westelijke-mijnstreek', form: 'telefonisch', urgency: 'spoed', complexity: 'complex', dimensions: 'fysiek,psychisch', question: 'Toenemende onrust en benauwdheid, sedatie overwegen?', callbackPhone: '046 411 0101' }, form.activityId);
  console.log(cardText(status));
  console.log(cardText(els.lastCard().card));
  expect(1).toBe(1);
});

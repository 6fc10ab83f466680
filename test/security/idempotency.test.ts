import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, type TeamsUser } from '../support/botUnderTest.js';

let harness: BotUnderTest;
let gp: TeamsUser;
let els: TeamsUser;

beforeEach(async () => {
  harness = await BotUnderTest.start();
  gp = harness.user('anna-de-vries');
  els = harness.user('els-vermeulen');
  await Promise.all([gp.install(), els.install()]);
  const { consult } = await gp.requestConsult({ setting: 'hospice', form: 'digitaal', dimensions: 'psychisch', question: 'Angst en onrust in de nacht, advies?' });
  await els.press('consult.accept', { consultId: consult.id });
});
afterEach(async () => {
  await harness.stop();
});

describe('a redelivered activity changes state once', () => {
  it('relays a message that arrives twice with the same id once', async () => {
    const message = gp.activity({ type: 'message', text: 'Zij slaapt nu, dank u.', id: 'teams-message-42' });
    const before = els.messages().length;
    expect((await gp.post(message)).status).toBe(200);
    expect((await gp.post(message)).status).toBe(200);
    expect(els.messages().slice(before)).toHaveLength(1);
    expect(harness.bot.store.openConsults()[0]!.messages).toHaveLength(1);
  });

  it('relays it once even when the bot restarted between the two deliveries', async () => {
    const message = gp.activity({ type: 'message', text: 'Graag terugbellen na 16:00.', id: 'teams-message-43' });
    const before = els.messages().length;
    await gp.post(message);
    await harness.restart();
    await gp.post(message);
    expect(els.messages().slice(before)).toEqual(['[' + harness.bot.store.openConsults()[0]!.ref + '] Anna de Vries: Graag terugbellen na 16:00.']);
  });

  it('relays two different messages with the same text twice', async () => {
    const before = els.messages().length;
    await gp.say('Ok.');
    await gp.say('Ok.');
    expect(els.messages().slice(before)).toHaveLength(2);
  });
});

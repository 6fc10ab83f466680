import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, CONSULT_FORM, type TeamsUser } from '../support/botUnderTest.js';

let harness: BotUnderTest;
let gp: TeamsUser;
let els: TeamsUser;

beforeEach(async () => {
  ({ harness, gp, els } = await BotUnderTest.inConversation({ setting: 'hospice', form: 'digitaal', dimensions: 'psychisch', question: 'Angst en onrust in de nacht, advies?' }));
});
afterEach(async () => {
  await harness.stop();
});

const consult = async () => (await harness.bot.store.consults.open()).find((c) => c.status === 'geaccepteerd')!;
const stored = async () => (await harness.bot.store.consults.get((await consult()).id))!;
async function auditDetails(action: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of harness.bot.auditTrail.entries()) if (entry.action === action) found.push(entry.detail ?? '');
  return found;
}

/** An Action.Execute press as Teams sends it; posting the same object again is a redelivery (same activity id). */
function pressActivity(user: TeamsUser, verb: string, data: Record<string, unknown>, id = `invoke-${randomUUID()}`) {
  return user.activity({ id, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }, replyToId: user.cards().at(-1)?.activityId });
}

describe('a redelivered card action runs once and is answered, not refused', () => {
  it('relays a consult.relay card action delivered 100 times once: 50 at the same moment, then 50 one after another', async () => {
    const before = els.messages().length;
    const invoke = pressActivity(gp, 'consult.relay', { consultId: (await consult()).id, text: 'Kunt u vanmiddag bellen?' });
    const answers = await Promise.all(Array.from({ length: 50 }, () => gp.post(invoke)));
    for (let i = 0; i < 50; i++) answers.push(await gp.post(invoke));
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
    // Every answer is a card (the first: sent; each redelivery: the consult as it stands), never an error.
    for (const { body } of answers) expect(body.value.type).toBe('AdaptiveCard');
    expect(answers.filter(({ body }) => cardText(body.value).includes('Uw bericht is doorgestuurd'))).toHaveLength(1);
    expect(els.messages().slice(before)).toEqual([`[${(await consult()).ref}] Anna de Vries: Kunt u vanmiddag bellen?`]);
    expect((await stored()).messages).toHaveLength(1);
  });

  it('answers a redelivered accept with the consult card as it stands, and changes nothing', async () => {
    const { consult: second } = await gp.requestConsult({ question: 'Tweede vraag: benauwdheid bij COPD?' });
    const invoke = pressActivity(els, 'consult.accept', { consultId: second.id });
    const first = await els.post(invoke);
    const version = (await harness.bot.store.consults.get(second.id))!.version;
    const again = await els.post(invoke);
    expect(cardText(again.body.value)).toBe(cardText(first.body.value));
    expect(cardText(again.body.value)).not.toContain('al geaccepteerd');
    expect((await harness.bot.store.consults.get(second.id))!.version).toBe(version);
    const details = await auditDetails('consult.accept');
    expect(details.at(-1)).toBe('herhaalde bezorging, niets uitgevoerd');
  });

  it('makes one consult of a form submit delivered twice, and shows its card both times', async () => {
    await gp.say('consult');
    const form = gp.lastCard();
    const invoke = pressActivity(gp, 'consult.submit', { ...form.card.actions[0].data, ...CONSULT_FORM, question: 'Derde vraag: delier, haloperidol?' });
    const first = await gp.post(invoke);
    const again = await gp.post(invoke);
    expect((await harness.bot.store.consults.open()).filter((c) => c.request.question.startsWith('Derde vraag'))).toHaveLength(1);
    expect(cardText(again.body.value)).toBe(cardText(first.body.value));
  });

  it('still runs a card action redelivered after a restart of the bot zero more times', async () => {
    const before = els.messages().length;
    const invoke = pressActivity(gp, 'consult.relay', { consultId: (await consult()).id, text: 'Na de herstart?' });
    await gp.post(invoke);
    await harness.restart();
    const again = await gp.post(invoke);
    expect(again.body.value.type).toBe('AdaptiveCard');
    expect(els.messages().slice(before)).toHaveLength(1);
    expect((await stored()).messages).toHaveLength(1);
  });
});

describe('messages are told apart by conversation and activity id', () => {
  it("handles two users' messages that carry the same activity id in different conversations", async () => {
    const before = { els: els.messages().length, gp: gp.messages().length };
    await gp.post(gp.activity({ type: 'message', id: 'same-id-1', text: 'Vraag van Anna.' }));
    await els.post(els.activity({ type: 'message', id: 'same-id-1', text: 'Antwoord van Els.' }));
    expect(els.messages().slice(before.els)).toEqual([`[${(await consult()).ref}] Anna de Vries: Vraag van Anna.`]);
    expect(gp.messages().slice(before.gp)).toEqual([`[${(await consult()).ref}] Els Vermeulen: Antwoord van Els.`]);
    expect((await stored()).messages.map((m) => m.text)).toEqual(['Vraag van Anna.', 'Antwoord van Els.']);
  });

  it('relays a message delivered to two bot instances sharing one store once', async () => {
    const other = await BotUnderTest.start({ storeDir: harness.storeDir });
    try {
      const message = gp.activity({ type: 'message', id: 'teams-message-shared', text: 'Eén keer, graag.' });
      const before = els.messages().length;
      expect((await gp.post(message)).status).toBe(200);
      // The same delivery reaches the other instance (as a load balancer might send a retry there).
      const response = await fetch(`${other.bot.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
      expect(response.status).toBe(200);
      expect(els.messages().slice(before)).toHaveLength(1);
      expect(other.connector.calls).toEqual([]);
    } finally {
      await other.bot.stop();
      await other.connector.stop();
    }
  });
});

describe('a redelivered activity changes state once', () => {
  it('relays a message that arrives twice with the same id once', async () => {
    const message = gp.activity({ type: 'message', text: 'Zij slaapt nu, dank u.', id: 'teams-message-42' });
    const before = els.messages().length;
    expect((await gp.post(message)).status).toBe(200);
    expect((await gp.post(message)).status).toBe(200);
    expect(els.messages().slice(before)).toHaveLength(1);
    expect((await harness.bot.store.consults.open())[0]!.messages).toHaveLength(1);
  });

  it('relays it once even when the bot restarted between the two deliveries', async () => {
    const message = gp.activity({ type: 'message', text: 'Graag terugbellen na 16:00.', id: 'teams-message-43' });
    const before = els.messages().length;
    await gp.post(message);
    await harness.restart();
    await gp.post(message);
    expect(els.messages().slice(before)).toEqual(['[' + (await harness.bot.store.consults.open())[0]!.ref + '] Anna de Vries: Graag terugbellen na 16:00.']);
  });

  it('relays two different messages with the same text twice', async () => {
    const before = els.messages().length;
    await gp.say('Ok.');
    await gp.say('Ok.');
    expect(els.messages().slice(before)).toHaveLength(2);
  });
});

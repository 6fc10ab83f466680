import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PromptCompletionModel } from '@microsoft/teams-ai';
import { afterEach, describe, expect, it } from 'vitest';
import { configuredModel } from '../../src/bot/modelAssistant.js';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

/**
 * The optional language model, with a fake PromptCompletionModel standing where the network's
 * model server would be. It records what it was sent, so the tests can see that only redacted
 * text left the bot.
 */
class FakeModel implements PromptCompletionModel {
  readonly inputs: string[] = [];
  constructor(private readonly answer: (input: string) => Promise<string>) {}

  async completePrompt(_context: unknown, memory: { getValue(path: string): unknown }): Promise<any> {
    const input = String(memory.getValue('temp.input'));
    this.inputs.push(input);
    return { status: 'success', input: { role: 'user', content: input }, message: { role: 'assistant', content: await this.answer(input) } };
  }
}

const TEXT = 'consult: mw. Jansen (geb. 12-03-1942), tel 06-12345678, thuis, erg angstig en verward sinds gisteren, wat kan ik geven?';
const valueOf = (card: any, id: string): string | undefined => JSON.stringify(card).match(new RegExp(`"id":"${id}"[^}]*?"value":"([^"]*)"`))?.[1];

let harness: BotUnderTest;
afterEach(async () => {
  await harness.stop();
});

async function formFor(gp: TeamsUser, text = TEXT) {
  await gp.say(text);
  return gp.lastCard().card;
}

describe('pre-filling with a language model', () => {
  it('uses the model’s JSON when it passes the form’s schema, after redacting what identifies the patient', async () => {
    const model = new FakeModel(async () => '{"urgency":"vandaag","setting":"hospice","form":"bedside","dimensions":["psychisch"],"question":"Angst en verwardheid, wat kan ik geven?"}');
    harness = await BotUnderTest.start({ model });
    const card = await formFor(harness.user('anna-de-vries'));
    expect([valueOf(card, 'urgency'), valueOf(card, 'setting'), valueOf(card, 'form'), valueOf(card, 'dimensions')]).toEqual(['vandaag', 'hospice', 'bedside', 'psychisch']);
    expect(model.inputs).toHaveLength(1);
    for (const secret of ['Jansen', '1942', '06-12345678']) expect(model.inputs[0]).not.toContain(secret);
    expect(model.inputs[0]).toContain('erg angstig en verward');
  });

  it.each([
    ['JSON the schema refuses', async () => '{"urgency":"morgen misschien","setting":"camping"}'],
    ['text that is not JSON', async () => 'Ik denk dat dit spoed is.'],
    ['no answer in time', () => new Promise<string>(() => undefined)],
  ])('falls back to the rules on %s, and the user sees the same form as without a model', async (_name, answer) => {
    harness = await BotUnderTest.start({ model: new FakeModel(answer), modelTimeoutMs: 300 });
    const withModel = await formFor(harness.user('anna-de-vries'));
    await harness.stop();
    harness = await BotUnderTest.start();
    const rulesOnly = await formFor(harness.user('anna-de-vries'));
    for (const field of ['urgency', 'setting', 'form', 'dimensions', 'question']) expect(valueOf(withModel, field)).toBe(valueOf(rulesOnly, field));
    expect(cardText(withModel)).toContain('Ingevuld uit uw bericht');
  });
});

describe('a model endpoint that is not allowed', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('is refused at start-up: the bot never sends it anything', async () => {
    const requests: string[] = [];
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    expect(configuredModel({ endpoint, apiKey: 'k', model: 'm', allowedHosts: ['llm.ziekenhuis.example'] })).toEqual({
      refused: 'taalmodel op 127.0.0.1 staat niet op de lijst van toegestane hosts; het wordt niet gebruikt',
    });
    harness = await BotUnderTest.start({ env: { LLM_ENDPOINT: endpoint, LLM_API_KEY: 'k', LLM_ALLOWED_HOSTS: 'llm.ziekenhuis.example' } });
    const card = await formFor(harness.user('anna-de-vries'));
    expect(cardText(card)).toContain('Ingevuld uit uw bericht');
    expect(requests).toEqual([]);
  });
});

describe('drafting the advice summary', () => {
  it('drafts from the redacted conversation into the closing form; nothing is stored until the specialist confirms', async () => {
    const model = new FakeModel(async (input) => (input.includes('Aanvrager:') ? 'Start midazolam 5 mg sc zo nodig; morgen evalueren.' : '{}'));
    harness = await BotUnderTest.start({ model });
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const { consult } = await gp.requestConsult({ dimensions: 'psychisch', question: 'Onrust in de avond, wat te geven?' });
    await els.press('consult.accept', { consultId: consult.id });
    await gp.say('Zij heet mevrouw Pietersen, bel gerust 046 999 8877.');
    await els.say('Advies: midazolam 5 mg sc zo nodig.');

    const closeForm = await els.press('consult.closeForm', { consultId: consult.id });
    expect(JSON.stringify(closeForm)).toContain('consult.draftSummary');
    const drafted = await els.press('consult.draftSummary', { consultId: consult.id, contactCount: '1' });
    expect(valueOf(drafted, 'adviceSummary')).toBe('Start midazolam 5 mg sc zo nodig; morgen evalueren.');
    expect(cardText(drafted)).toContain('Concept van het taalmodel: controleer en pas aan; er is nog niets opgeslagen.');
    const sent = model.inputs.at(-1)!;
    expect(sent).toContain('Specialist: Advies: midazolam 5 mg sc zo nodig.');
    for (const secret of ['Pietersen', '046 999 8877']) expect(sent).not.toContain(secret);
    expect((await harness.bot.store.consults.get(consult.id))!.closure).toBeUndefined();
  });

  it('offers no draft button without a model', async () => {
    harness = await BotUnderTest.start();
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const { consult } = await gp.requestConsult({ dimensions: 'psychisch', question: 'Onrust in de avond, wat te geven?' });
    await els.press('consult.accept', { consultId: consult.id });
    await els.say('Advies volgt.');
    expect(JSON.stringify(await els.press('consult.closeForm', { consultId: consult.id }))).not.toContain('consult.draftSummary');
  });
});

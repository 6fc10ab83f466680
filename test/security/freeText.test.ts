import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BSN_NOT_SENT, NO_BSN } from '../../src/domain/consultRequest.js';
import type { Consult } from '../../src/domain/consult.js';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

/**
 * A BSN does not belong in chat: every free text the bot receives or relays is checked with the
 * elfproef. 111222333 and 123456782 pass it; each test shows the text was neither relayed nor
 * stored, that the sender was told why, and that the audit trail has the refusal but not the number.
 */

const BSN = '111222333';
const GROUPED_BSN = '1234.56.782';

let harness: BotUnderTest;
let gp: TeamsUser;
let els: TeamsUser;
let consult: Consult;

beforeEach(async () => {
  ({ harness, gp, els, consult } = await BotUnderTest.inConversation({ question: 'Onrust in de nacht, wat kan ik geven?' }));
});
afterEach(async () => {
  await harness.stop();
});

const stored = async () => (await harness.bot.store.consults.get(consult.id))!;

/** Every file the bot wrote (store, audit trail, claims), as text: the number appears in none. */
async function everythingStored(): Promise<string> {
  const texts: string[] = [];
  const visit = async (directory: string): Promise<void> => {
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) await visit(path);
      else texts.push(await readFile(path, 'utf8'));
    }
  };
  await visit(harness.storeDir);
  return texts.join('\n');
}

async function refusals(action: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of harness.bot.auditTrail.entries()) if (entry.action === action && entry.result === 'geweigerd') found.push(entry.detail ?? '');
  return found;
}

describe('a BSN in free text is neither relayed nor stored', () => {
  it.each([
    ['a chat message within the consult', () => `Zijn BSN is ${BSN}, kunt u meekijken?`],
    ['a chat message addressed to the consult by its reference', () => `${consult.ref}: BSN ${GROUPED_BSN}`],
  ])('refuses %s, tells the sender why, and audits the refusal without the number', async (_name, text) => {
    const before = els.messages().length;
    await gp.say(text());
    expect(gp.messages().at(-1)).toBe(BSN_NOT_SENT);
    expect(els.messages().slice(before)).toEqual([]);
    expect((await stored()).messages).toEqual([]);
    expect(await refusals('consult.relay')).toEqual(['bsn']);
    expect(await everythingStored()).not.toMatch(/111222333|1234\.56\.782/);
  });

  it('refuses one relayed through a card action (the consult choice card), and audits it', async () => {
    const before = els.messages().length;
    const answer = await gp.press('consult.relay', { consultId: consult.id, text: `patiënt ${BSN}` });
    expect(cardText(answer)).toContain(BSN_NOT_SENT);
    expect(els.messages().slice(before)).toEqual([]);
    expect((await stored()).messages).toEqual([]);
    expect(await refusals('consult.relay')).toEqual(['bsn']);
    expect(await everythingStored()).not.toContain(BSN);
  });

  it('still relays a message with an ordinary phone number or dose', async () => {
    await gp.say('Bel mij op 046 411 0101; morfine 10 mg, 4 dd.');
    expect(els.messages().at(-1)).toContain('046 411 0101');
    expect((await stored()).messages).toHaveLength(1);
  });

  it('refuses an M-… message to an MDO, and relays nothing to its participants', async () => {
    const frank = harness.user('frank-geurts');
    await els.say('mdo');
    const ref = /M-[0-9A-Z]{4}/.exec(els.messages().at(-1)!)![0];
    const meetingId = (await harness.bot.store.mdo.meetingByRef(ref))!.id;
    await frank.say(`mdo ${ref}`);
    await frank.press('mdo.join', { meetingId });
    await els.press('mdo.join', { meetingId }, els.cards().at(-1)!.activityId);
    const before = frank.messages().length;

    await els.say(`${ref}: BSN ${BSN} bespreken`);
    expect(els.messages().at(-1)).toBe(BSN_NOT_SENT);
    expect(frank.messages().slice(before)).toEqual([]);
    expect(await refusals('mdo.relay')).toEqual(['bsn']);
    // The control: the same message without the number reaches Frank.
    await els.say(`${ref}: bespreken om 12:30`);
    expect(frank.messages().at(-1)).toBe(`[${ref}] Els Vermeulen: bespreken om 12:30`);
    expect(await everythingStored()).not.toContain(BSN);
  });

  it('refuses "consult: …" with a BSN without making a form of it', async () => {
    const before = gp.cards().length;
    await gp.say(`consult: patiënt met BSN ${BSN} heeft veel pijn, spoed`);
    expect(gp.messages().at(-1)).toBe(BSN_NOT_SENT);
    expect(gp.cards()).toHaveLength(before);
    expect(await refusals('consult.request')).toEqual(['bsn']);
  });

  it('refuses a close form whose advice summary holds a BSN: the form comes back with the reason, the consult stays open', async () => {
    const form = await els.closeConsult(consult.id, {
      contactCount: '1',
      contact1Form: 'telefonisch',
      contact1Minutes: '20',
      outcome: 'advies',
      adviceSummary: `Advies gegeven voor ${GROUPED_BSN}: midazolam ophogen.`,
    });
    expect(cardText(form)).toContain(NO_BSN);
    expect((await stored()).status).toBe('geaccepteerd');
    expect(await harness.bot.store.contacts.tookPlaceBetween(new Date(0), new Date('2100-01-01'))).toEqual([]);
    expect(await refusals('consult.close')).toEqual(['ongeldig formulier: adviceSummary']);
    expect(await everythingStored()).not.toContain(GROUPED_BSN);
  });

  it('refuses a decline whose reason holds a BSN, and declines nothing', async () => {
    const { consult: second } = await gp.requestConsult({ question: 'Tweede vraag: benauwdheid bij COPD?' });
    const answer = await els.press('consult.decline', { consultId: second.id, declineReason: `geen tijd voor ${BSN}` });
    expect(cardText(answer)).toContain(NO_BSN);
    const after = (await harness.bot.store.consults.get(second.id))!;
    expect(after.status).toBe('aangeboden');
    expect(after.offers.find((offer) => offer.personId === 'els-vermeulen')?.outcome).toBeUndefined();
    expect(await everythingStored()).not.toContain(BSN);
  });

  it('refuses a BSN as the call-back number of a consult request', async () => {
    const { card } = await gp.submitConsultForm({ callbackPhone: '111 222 333' });
    expect(cardText(card)).toContain(NO_BSN);
    expect((await harness.bot.store.consults.open())).toHaveLength(1);
  });
});

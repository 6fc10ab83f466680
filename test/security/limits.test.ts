import { readdir, stat } from 'node:fs/promises';
import pg from 'pg';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS, MAX_MESSAGES_PER_CONSULT, type Consult } from '../../src/domain/consult.js';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

/** Relayed text is at most 4,000 characters on every path, and one consult holds at most 500 messages. */

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

const storedMessages = async () => (await harness.bot.store.consults.get(consult.id))!.messages;
const tooLong = (length: number) => `Dit bericht is niet doorgestuurd en niet opgeslagen: het is ${length.toLocaleString('nl-NL')} tekens lang; het maximum is 4.000. Stuur het in kortere delen.`;
const TOO_LONG = tooLong(MAX_MESSAGE_CHARS + 1);

describe('the length of a relayed message', () => {
  it('relays 4,000 characters typed in the chat, and refuses 4,001 with a Dutch message, relaying and storing nothing', async () => {
    await gp.say('a'.repeat(MAX_MESSAGE_CHARS));
    expect(await storedMessages()).toHaveLength(1);
    const before = els.messages().length;
    await gp.say('b'.repeat(MAX_MESSAGE_CHARS + 1));
    expect(gp.messages().at(-1)).toBe(TOO_LONG);
    expect(els.messages().slice(before)).toEqual([]);
    expect(await storedMessages()).toHaveLength(1);
  });

  it('refuses the same 4,001 characters through the card action with the same message (not a stale-card notice)', async () => {
    const answer = await gp.press('consult.relay', { consultId: consult.id, text: 'c'.repeat(MAX_MESSAGE_CHARS + 1) });
    expect(cardText(answer)).toContain(TOO_LONG);
    expect(await storedMessages()).toEqual([]);
    const accepted = await gp.press('consult.relay', { consultId: consult.id, text: 'c'.repeat(MAX_MESSAGE_CHARS) });
    expect(cardText(accepted)).toContain('Uw bericht is doorgestuurd');
  });

  it('refuses an over-long M-… message to an MDO instead of cutting it off', async () => {
    await els.say('mdo');
    const ref = /M-[0-9A-Z]{4}/.exec(els.messages().at(-1)!)![0];
    await els.say(`${ref}: ${'d'.repeat(MAX_MESSAGE_CHARS + 1)}`);
    expect(els.messages().at(-1)).toBe(TOO_LONG);
  });
});

describe('the number of messages in one consult', () => {
  it(`stops at ${MAX_MESSAGES_PER_CONSULT}: the next one is refused in Dutch, neither stored nor relayed, and the stored consult stays bounded`, async () => {
    // Both parties write, ten at a time, each message as long as allowed: the largest consult there can be.
    for (let sent = 0; sent < MAX_MESSAGES_PER_CONSULT; sent += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? gp : els).say(`${sent + i} ${'x'.repeat(MAX_MESSAGE_CHARS - 5)}`)));
    }
    expect(await storedMessages()).toHaveLength(MAX_MESSAGES_PER_CONSULT);

    const before = els.messages().length;
    await gp.say('Nog één vraag over de dosering.');
    expect(gp.messages().at(-1)).toBe(
      `Consult ${consult.ref} heeft het maximum van ${MAX_MESSAGES_PER_CONSULT} berichten bereikt. Dit bericht is niet doorgestuurd en niet opgeslagen. Bel elkaar, of rond het consult af en vraag zo nodig een nieuw consult aan.`,
    );
    const viaCard = await els.press('consult.relay', { consultId: consult.id, text: 'En via de kaart?' });
    expect(cardText(viaCard)).toContain(`maximum van ${MAX_MESSAGES_PER_CONSULT} berichten`);
    expect(els.messages().slice(before)).toEqual([]);
    expect(await storedMessages()).toHaveLength(MAX_MESSAGES_PER_CONSULT);

    // 500 × 4,000 characters: the stored consult is about 2 MB and can grow no further.
    expect(await storedBytes()).toBeLessThan(2.2e6);
  }, 120_000);
});

/** The size of the stored consult: its file on the file store, its document on PostgreSQL. */
async function storedBytes(): Promise<number> {
  if (harness.database) {
    const client = new pg.Client({ connectionString: harness.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ bytes: number }>('SELECT octet_length(doc::text) AS bytes FROM consults WHERE id = $1', [consult.id]);
      return rows[0]!.bytes;
    } finally {
      await client.end();
    }
  }
  const folder = join(harness.storeDir, 'consults', 'open');
  const [file] = (await readdir(folder)).filter((name) => name.endsWith('.json'));
  return (await stat(join(folder, file!))).size;
}

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';
import { GraphStandIn } from '../support/graphStandIn.js';

/**
 * The bot creates each MDO's Teams meeting through Microsoft Graph when the region names an
 * organizer: over HTTP against a Graph stand-in that issues client-credentials tokens and makes
 * onlineMeetings. Here Mijnstreek names one; practice De Linde plans its MDOs in chat.
 */

const ORGANIZER = 'mdo-organisator@mijnstreek.example.nl';

let harness: BotUnderTest | undefined;
let graph: GraphStandIn;
let dataDir: string;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await graph.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The demo network with Mijnstreek's Teams meetings made by ORGANIZER, and the bot started against the Graph stand-in. */
async function start(env: Record<string, string> = {}): Promise<{ anna: TeamsUser; els: TeamsUser }> {
  dataDir = await mkdtemp(join(tmpdir(), 'pz-data-'));
  await cp('data', dataDir, { recursive: true });
  const file = join(dataDir, 'regions', 'mijnstreek.json');
  const region = JSON.parse(await readFile(file, 'utf8'));
  region.teamsMeetings = { organizer: ORGANIZER };
  await writeFile(file, JSON.stringify(region));
  graph = new GraphStandIn();
  await graph.start();
  harness = await BotUnderTest.start({ dataDir, env: { ...graph.env(), ...env } });
  const [anna, els] = ['anna-de-vries', 'els-vermeulen'].map((id) => harness!.user(id)) as [TeamsUser, TeamsUser];
  await Promise.all([anna, els].map((user) => user.install()));
  return { anna, els };
}

/** Anna plans a one-off MDO of practice De Linde, pasting `meetingUrl` or leaving it empty; returns the stored meeting. */
async function planDeLinde(anna: TeamsUser, meetingUrl = '') {
  await anna.say('mdo plannen');
  const form = anna.lastCard();
  await anna.press('mdo.plan', { ...form.card.actions[0].data, kernteamId: 'kernteam-de-linde', repeat: 'eenmalig', date: '2026-11-24', time: '13:00', durationMinutes: '45', location: 'Praktijk De Linde', meetingUrl }, form.activityId);
  return (await harness!.bot.store.mdo.meeting(`reeks-${form.card.actions[0].data.formId}.2026-11-24`))!;
}

const mdoCards = (user: TeamsUser) => user.cards().filter(({ card }) => cardText(card).startsWith('MDO-PZ ·'));
const joinLink = (card: any): string | undefined => card.actions?.find((a: any) => a.type === 'Action.OpenUrl')?.url;
const madeFor = (ref: string) => graph.created.filter((m) => m.body.subject?.includes(ref));

describe('Teams meetings made through Microsoft Graph', () => {
  it('creates the Teams meeting of a planned MDO as the region’s organizer and puts its link on every card and the thread', async () => {
    const { anna, els } = await start();
    const daan = harness!.user('daan-smeets');
    await daan.install();
    const channel = harness!.channel('de-linde', [anna, els]);
    await channel.say(anna, 'mdo kanaal koppelen kernteam-de-linde');
    const planned = await planDeLinde(anna);
    const [created, ...more] = madeFor(planned.ref);
    expect(more).toEqual([]);
    expect(created).toMatchObject({ organizer: ORGANIZER, body: { subject: `MDO-PZ Kernteam Huisartsenpraktijk De Linde (${planned.ref})`, startDateTime: '2026-11-24T12:00:00.000Z', endDateTime: '2026-11-24T12:45:00.000Z' } });
    expect(planned.meetingUrl).toBe(created!.joinWebUrl);
    expect(joinLink(channel.threadCards().find(({ card }) => JSON.stringify(card).includes(planned.id))!.card)).toBe(created!.joinWebUrl);
    // Daan is not in the channel: his 1:1 card carries the link; Els follows it in the channel.
    expect(joinLink(mdoCards(daan).at(-1)!.card)).toBe(created!.joinWebUrl);
    expect(mdoCards(els).filter(({ card }) => JSON.stringify(card).includes(planned.id))).toEqual([]);
    await harness!.bot.tick();
    expect(madeFor(planned.ref)).toHaveLength(1);
  });

  it('announces without a link while Graph is down, then adds it to the cards in place once Graph answers', async () => {
    const { anna } = await start();
    graph.failing = true;
    const planned = await planDeLinde(anna);
    expect(madeFor(planned.ref)).toEqual([]);
    const card = mdoCards(anna).at(-1)!;
    expect(joinLink(card.card)).toBeUndefined();
    graph.failing = false;
    await harness!.bot.tick();
    expect(madeFor(planned.ref)).toHaveLength(1);
    expect(joinLink(anna.currentCard(card.activityId))).toBe(madeFor(planned.ref)[0]!.joinWebUrl);
  });

  it('makes no meeting when the token endpoint refuses the client secret', async () => {
    const { anna } = await start({ GRAPH_CLIENT_SECRET: 'een-ander-geheim-dan-entra-kent-0123456789' });
    const planned = await planDeLinde(anna);
    expect(graph.created).toEqual([]);
    expect(planned.meetingUrl).toBeUndefined();
    expect(joinLink(mdoCards(anna).at(-1)!.card)).toBeUndefined();
  });

  it('uses a pasted link instead of making a meeting', async () => {
    const { anna } = await start();
    const pasted = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_de-linde%40thread.v2/0';
    const planned = await planDeLinde(anna, pasted);
    expect(madeFor(planned.ref)).toEqual([]);
    expect(joinLink(mdoCards(anna).at(-1)!.card)).toBe(pasted);
  });
});

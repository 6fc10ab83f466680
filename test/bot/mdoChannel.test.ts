import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, type TeamsChannel, type TeamsUser } from '../support/botUnderTest.js';

/**
 * MDO-PZ threads in the kernteam's Teams channel, over the real Bot Framework protocol: channel
 * activities carry the team and channel ids, the Bot Connector stand-in serves the channel's
 * roster and receives every post. The specialist MDO of Westelijke Mijnstreek meets on Thursday
 * 12:30 (Els chairs; Frank and Gea are members). Its channel holds Els, Frank and Bram (a GP in no
 * kernteam); Gea is not in it. Lars is the region's admin.
 */

const THURSDAY_MEETING = 'smdo-wm-donderdag.2026-11-26';
const NEXT_THURSDAY = 'smdo-wm-donderdag.2026-12-03';
const PATIENT = { patientInitials: 'W.V.', patientBirthYear: '1947', question: 'Refractaire pijn ondanks opioïdrotatie, wens om thuis te sterven.', dimensions: 'fysiek,spiritueel', newlyMarked: 'ja' };

let harness: BotUnderTest;
let bram: TeamsUser, els: TeamsUser, frank: TeamsUser, gea: TeamsUser, lars: TeamsUser;
let channel: TeamsChannel;

beforeEach(async () => {
  harness = await BotUnderTest.start();
  [bram, els, frank, gea, lars] = ['bram-janssen', 'els-vermeulen', 'frank-geurts', 'gea-lemmens', 'lars-wouters'].map((id) => harness.user(id)) as [TeamsUser, TeamsUser, TeamsUser, TeamsUser, TeamsUser];
  await Promise.all([bram, els, frank, gea, lars].map((user) => user.install()));
  channel = harness.channel('mdo-westelijke-mijnstreek', [els, frank, bram]);
});
afterEach(async () => {
  await harness.stop();
});

const meeting = async (id: string) => (await harness.bot.store.mdo.meeting(id))!;
const mdoCards = (user: TeamsUser) => user.cards().filter(({ card }) => cardText(card).startsWith('MDO-PZ ·'));
const setClock = (iso: string) => (harness.clock.now = new Date(iso));
const threadOf = (meetingId: string) => channel.threadCards().find(({ card }) => JSON.stringify(card).includes(meetingId))!;

/** Gea, a member outside the channel, puts a patient on the Thursday agenda in her 1:1 chat. */
async function putPatientOnAgenda() {
  await gea.say('mdo agenderen');
  const form = gea.lastCard();
  return gea.press('mdo.addItem', { ...form.card.actions[0].data, kernteamId: 'smdo-westelijke-mijnstreek', ...PATIENT }, form.activityId);
}

/** Nothing the bot ever sent into the channel names the patient: no initials, no birth year, no question. */
function expectNoPatientDataInChannel() {
  const everything = JSON.stringify(channel.calls().map((call) => call.activity));
  expect(everything).not.toContain(PATIENT.patientInitials);
  expect(everything).not.toContain(PATIENT.patientBirthYear);
  expect(everything).not.toContain('Refractaire pijn');
}

describe('linking the kernteam’s channel', () => {
  it('links the channel for the chair, says who follows the MDO there and who keeps the 1:1 card, and starts the coming meeting’s thread', async () => {
    await channel.say(els, 'mdo kanaal koppelen');
    const said = channel.messages().at(-1)!;
    expect(said).toContain('gekoppeld aan het MDO-PZ van Specialistisch MDO-PZ Westelijke Mijnstreek');
    expect(said).toContain('In dit kanaal: Els Vermeulen, Frank Geurts.');
    expect(said).toContain('Niet in dit kanaal, zij houden de MDO-kaart in hun 1-op-1-chat: Gea Lemmens.');
    expect(said).toContain('Eén lid van dit kanaal is geen lid van het kernteam');
    expect(await harness.bot.store.mdoChannels.link('smdo-westelijke-mijnstreek')).toMatchObject({ channelId: channel.channelId, teamId: channel.teamId, memberIds: ['els-vermeulen', 'frank-geurts'], linkedBy: 'els-vermeulen' });

    const thread = cardText(threadOf(THURSDAY_MEETING).card);
    expect(thread).toContain('Wanneer: do 26 nov. 12:30 – 13:30');
    expect(thread).toContain('Herhaling: elke donderdag');
    expect(thread).toContain('Waar: Teams');
    expect(thread).toContain('Voorzitter: Els Vermeulen');
    expect(thread).toContain('[Naar de vergadering]');
    expect(thread).toContain('[Patiëntgegevens (1-op-1)]');
  });

  it('lets the region’s admin link a named kernteam, and refuses a member who is not the chair and a channel without the kernteam', async () => {
    await channel.say(frank, 'mdo kanaal koppelen');
    expect(channel.messages().at(-1)).toContain('Alleen de voorzitter van een kernteam, of een beheerder van de regio');
    await channel.say(lars, 'mdo kanaal koppelen');
    expect(channel.messages().at(-1)).toContain('Voor welk kernteam? Typ een van: "mdo kanaal koppelen smdo-westelijke-mijnstreek"');
    const elsewhere = harness.channel('algemeen', [bram, lars]);
    await elsewhere.say(lars, 'mdo kanaal koppelen smdo-westelijke-mijnstreek');
    expect(elsewhere.messages().at(-1)).toContain('Geen van de leden van Specialistisch MDO-PZ Westelijke Mijnstreek is lid van dit kanaal');
    expect(await harness.bot.store.mdoChannels.link('smdo-westelijke-mijnstreek')).toBeUndefined();
    expect(channel.threadCards()).toEqual([]);

    await channel.say(lars, 'mdo kanaal koppelen smdo-westelijke-mijnstreek');
    expect(channel.messages().at(-1)).toContain('gekoppeld');
    expect((await harness.bot.store.mdoChannels.link('smdo-westelijke-mijnstreek'))?.linkedBy).toBe('lars-wouters');
  });

  it('shows how a series planned in chat repeats, on the thread card and on the 1:1 card of members outside the channel', async () => {
    const [anna, carla] = [harness.user('anna-de-vries'), harness.user('carla-hermans')];
    await Promise.all([anna.install(), carla.install()]);
    const practice = harness.channel('de-linde', [anna, els]);
    await practice.say(anna, 'mdo kanaal koppelen kernteam-de-linde');
    await anna.say('mdo plannen');
    const form = anna.lastCard();
    const planned = await anna.press('mdo.plan', { ...form.card.actions[0].data, kernteamId: 'kernteam-de-linde', repeat: 'maand', date: '2026-12-08', time: '13:00', durationMinutes: '45', location: 'Praktijk De Linde' }, form.activityId);
    expect(cardText(planned)).toContain('Gepland (elke 2e dinsdag van de maand)');
    expect(cardText(planned)).toContain('De MDO-kaart staat als draad in het kanaal van Kernteam Huisartsenpraktijk De Linde en in de chat van de 2 leden buiten het kanaal.');
    expect(cardText(practice.threadCards()[0]!.card)).toContain('Herhaling: elke 2e dinsdag van de maand');
    expect(cardText(mdoCards(carla).at(-1)!.card)).toContain('Herhaling: elke 2e dinsdag van de maand');
    expect(mdoCards(anna)).toEqual([]);
  });

  it('says nothing is linked when the roster API cannot be reached', async () => {
    harness.connector.rosters.delete(channel.channelId);
    await channel.say(els, 'mdo kanaal koppelen');
    expect(channel.messages().at(-1)).toContain('Ik kon de leden van dit kanaal niet opvragen');
    expect(await harness.bot.store.mdoChannels.link('smdo-westelijke-mijnstreek')).toBeUndefined();
  });
});

describe('a meeting’s thread in the channel', () => {
  beforeEach(async () => {
    await channel.say(els, 'mdo kanaal koppelen');
  });

  it('shows the agenda numbered without patient identifiers, updated in place, and gives the details only in 1:1 to those allowed', async () => {
    const { activityId } = threadOf(THURSDAY_MEETING);
    expect(cardText(channel.currentCard(activityId))).toContain('Nog geen patiënten op de agenda.');
    await putPatientOnAgenda();
    const updated = cardText(channel.currentCard(activityId));
    expect(updated).toContain('Patiënt 1 (nieuw gemarkeerd) · Fysiek, Spiritueel / zingeving · geagendeerd');
    expect(channel.threadCards()).toHaveLength(1);

    const frankBefore = mdoCards(frank).length;
    expect(await channel.press(frank, 'mdo.thread.details', { meetingId: THURSDAY_MEETING }, activityId)).toMatch(/staat nu in uw 1-op-1-chat/);
    expect(mdoCards(frank)).toHaveLength(frankBefore + 1);
    expect(cardText(mdoCards(frank).at(-1)!.card)).toContain('W.V. (1947)');

    // Bram reads the channel but is neither in the kernteam nor invited: no details anywhere.
    expect(await channel.press(bram, 'mdo.thread.details', { meetingId: THURSDAY_MEETING }, activityId)).toContain('patiëntgegevens ervan ziet u niet');
    expect(mdoCards(bram)).toHaveLength(0);
    const audit = [];
    for await (const entry of harness.bot.auditTrail.entries()) audit.push(entry);
    expect(audit.some((entry) => entry.action === 'mdo.thread.details' && entry.result === 'geweigerd')).toBe(true);
    expectNoPatientDataInChannel();
  });

  it('lets members join and leave from the thread card, which updates for the whole channel', async () => {
    const { activityId } = threadOf(THURSDAY_MEETING);
    expect(await channel.press(frank, 'mdo.thread.join', { meetingId: THURSDAY_MEETING }, activityId)).toMatch(/^U neemt deel aan MDO M-/);
    expect((await meeting(THURSDAY_MEETING)).participants).toEqual(['els-vermeulen', 'frank-geurts']);
    expect(cardText(channel.currentCard(activityId))).toMatch(/Deelnemers \(2\): Els Vermeulen .*, Frank Geurts/);

    expect(await channel.press(bram, 'mdo.thread.join', { meetingId: THURSDAY_MEETING }, activityId)).toContain('U bent geen lid van dit kernteam');
    expect(await channel.press(frank, 'mdo.thread.leave', { meetingId: THURSDAY_MEETING }, activityId)).toMatch(/^U bent afgemeld/);
    expect((await meeting(THURSDAY_MEETING)).participants).toEqual(['els-vermeulen']);
    expect(cardText(channel.currentCard(activityId))).toContain('Deelnemers (1)');
    // A card action from a 1:1 card is still refused in the channel.
    expect(await channel.press(frank, 'mdo.join', { meetingId: THURSDAY_MEETING }, activityId)).toContain('1-op-1-chat');
  });

  it('leaves the thread’s discussion alone: no answer, nothing relayed to 1:1 chats', async () => {
    const { activityId } = threadOf(THURSDAY_MEETING);
    await channel.press(frank, 'mdo.thread.join', { meetingId: THURSDAY_MEETING }, activityId);
    const before = harness.connector.calls.length;
    await channel.say(els, 'Ik stel voor dat we ook de mantelzorg bespreken.', activityId);
    await channel.say(frank, 'Eens, ik neem de gegevens van de thuiszorg mee.', activityId);
    expect(harness.connector.calls.length).toBe(before);
    // Elsewhere in the channel the bot still points to the 1:1 chat.
    await channel.say(frank, 'consult');
    expect(channel.messages().at(-1)).toContain('1-op-1-chat');
  });

  it('records the outcome from the chair’s 1:1 card; the thread shows only that the item was discussed', async () => {
    const { activityId } = threadOf(THURSDAY_MEETING);
    await putPatientOnAgenda();
    await channel.press(els, 'mdo.thread.details', { meetingId: THURSDAY_MEETING }, activityId);
    const chairCard = mdoCards(els).at(-1)!;
    const itemId = (await meeting(THURSDAY_MEETING)).agenda[0]!.id;
    setClock('2026-11-26T12:45:00+01:00');
    const advice = 'Start methadon 2,5 mg; gesprek over de wens om thuis te sterven.';
    const recorded = await els.press('mdo.outcome', { meetingId: THURSDAY_MEETING, itemId, discussed: 'ja', advice }, chairCard.activityId);
    expect(cardText(recorded)).toContain('Uitkomst voor W.V. (1947) vastgelegd');
    expect(cardText(channel.currentCard(activityId))).toContain('Patiënt 1 (nieuw gemarkeerd) · Fysiek, Spiritueel / zingeving · besproken, uitkomst vastgelegd');
    expect(JSON.stringify(channel.calls())).not.toContain('methadon');
    expectNoPatientDataInChannel();
  });

  it('starts the next meeting’s thread when it is announced; only members outside the channel get its 1:1 card', async () => {
    setClock('2026-11-26T14:00:00+01:00');
    await harness.bot.tick();
    expect(threadOf(NEXT_THURSDAY)).toBeDefined();
    const cardsOf = (user: TeamsUser) => mdoCards(user).filter(({ card }) => JSON.stringify(card).includes(NEXT_THURSDAY));
    expect(cardsOf(gea)).toHaveLength(1);
    expect(cardsOf(els)).toHaveLength(0);
    expect(cardsOf(frank)).toHaveLength(0);
  });

  it('posts the agenda and link reminders in the thread, without patient identifiers; participants outside the channel get them in 1:1', async () => {
    await putPatientOnAgenda();
    const { activityId } = threadOf(THURSDAY_MEETING);
    await channel.press(frank, 'mdo.thread.join', { meetingId: THURSDAY_MEETING }, activityId);
    await gea.say(`mdo ${(await meeting(THURSDAY_MEETING)).ref}`);
    await gea.press('mdo.join', { meetingId: THURSDAY_MEETING }, gea.lastCard().activityId);
    const reminded = (user: TeamsUser) => [...user.messages(), ...mdoCards(user).map(({ card }) => cardText(card))].filter((text) => /Herinnering: morgen|Over een half uur/.test(text));
    const replies = () => channel.calls().filter((call) => call.conversationId === `${channel.channelId};messageid=${activityId}` && call.activity.text).map((call) => call.activity.text!);
    setClock('2026-11-25T13:00:00+01:00');
    await harness.bot.tick();
    expect(replies()).toEqual([expect.stringMatching(/^Herinnering: morgen MDO-PZ M-.*Er staat één patiënt op de agenda/)]);
    setClock('2026-11-26T12:05:00+01:00');
    await harness.bot.tick();
    expect(replies()[1]).toMatch(/^Over een half uur begint het MDO-PZ M-.* Deelnemen: https:\/\/teams\.microsoft\.com\//);
    await harness.bot.tick();
    expect(replies()).toHaveLength(2);
    expect(reminded(gea)).toHaveLength(2);
    expect(reminded(frank)).toEqual([]);
    expect(reminded(els)).toEqual([]);
    expectNoPatientDataInChannel();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, inputDefaults, testStores, type TeamsUser } from '../support/botUnderTest.js';

/**
 * MDO-PZ messages go through the outbox, as the consult loop's do: stored with the change that
 * causes them, retried with backoff when Teams does not take them, sent once, and when they still
 * do not arrive the coordinator hears of it and the chair's card says so. Anna (GP, Westelijke
 * Mijnstreek) asks a consult that Els accepts and puts on Thursday's specialist MDO, which Els
 * chairs; Anna, outside the kernteam, is invited for her patient. Karin is the coordinator of
 * the Mijnstreek region.
 */

const THURSDAY_MEETING = 'smdo-wm-donderdag.2026-11-26';

describe.each(testStores())('MDO messages in the outbox (%s store)', (store) => {
  let harness: BotUnderTest;
  let anna: TeamsUser, els: TeamsUser, gea: TeamsUser, karin: TeamsUser;

  afterEach(async () => {
    await harness.stop();
  });

  async function start(): Promise<void> {
    harness = await BotUnderTest.start({ store });
    [anna, els, gea, karin] = ['anna-de-vries', 'els-vermeulen', 'gea-lemmens', 'karin-bosch'].map((id) => harness.user(id)) as [TeamsUser, TeamsUser, TeamsUser, TeamsUser];
    await Promise.all([anna, els, gea, karin].map((user) => user.install()));
  }

  const invitations = () => anna.cards().filter(({ card }) => cardText(card).includes('heeft uw patiënt'));
  const alerts = () => karin.messages().filter((text) => text.startsWith('Let op, MDO-PZ'));
  const failAnnasChat = (failing: boolean) => (failing ? harness.connector.failingConversations.add(anna.conversationId) : harness.connector.failingConversations.delete(anna.conversationId));

  /** Anna asks a consult; Els accepts it and puts the patient on Thursday's MDO, which invites Anna. Returns Els's card of the meeting. */
  async function elsPutsAnnasPatientOnTheAgenda(beforeSubmit: () => void = () => undefined): Promise<string> {
    const { consult } = await anna.requestConsult();
    const offer = els.lastCard();
    await els.press('consult.accept', { consultId: consult.id }, offer.activityId);
    await els.press('mdo.fromConsult', { consultId: consult.id }, offer.activityId);
    const { card: form, activityId } = els.lastCard();
    beforeSubmit();
    const answer = await els.press('mdo.addItem', { ...inputDefaults(form), ...form.actions[0].data, kernteamId: 'smdo-westelijke-mijnstreek', newlyMarked: 'ja' }, activityId);
    expect(cardText(answer)).toContain('Anna de Vries is uitgenodigd');
    return activityId;
  }

  it('delivers an invitation Teams did not take at first once, on the retry, with the meeting as it is by then', async () => {
    await start();
    await elsPutsAnnasPatientOnTheAgenda(() => failAnnasChat(true));
    expect(invitations()).toEqual([]);
    // Meanwhile Gea joins: the invitation that goes out later shows her among the participants.
    await gea.say(`mdo ${(await harness.bot.store.mdo.meeting(THURSDAY_MEETING))!.ref}`);
    await gea.press('mdo.join', { meetingId: THURSDAY_MEETING }, gea.lastCard().activityId);

    failAnnasChat(false);
    await harness.retryDeliveries();
    expect(invitations()).toHaveLength(1);
    expect(cardText(invitations()[0]!.card)).toMatch(/Deelnemers \(2\): Els Vermeulen .*, Gea Lemmens/);
    await harness.retryDeliveries();
    await harness.bot.tick();
    expect(invitations()).toHaveLength(1);
    expect(alerts()).toEqual([]);
  });

  it('tells the coordinator and shows it on the chair’s card when the invitation still does not arrive after its retries', async () => {
    await start();
    const elsCard = await elsPutsAnnasPatientOnTheAgenda(() => failAnnasChat(true));
    // Six retries, 5 seconds doubling to 160: some five minutes in all. The coordinator hears of it when the last fails.
    for (let retry = 1; retry < 6; retry++) {
      await harness.retryDeliveries();
      expect(alerts()).toEqual([]);
    }
    await harness.retryDeliveries();
    expect(invitations()).toEqual([]);
    const { ref } = (await harness.bot.store.mdo.meeting(THURSDAY_MEETING))!;
    expect(alerts()).toEqual([
      `Let op, MDO-PZ ${ref} (Specialistisch MDO-PZ Westelijke Mijnstreek, do 26 nov. 12:30 – 13:30): de uitnodiging aan Anna de Vries kon na herhaalde pogingen niet via Teams worden bezorgd. ` +
        'Neem contact op met Anna de Vries, of vraag de voorzitter (Els Vermeulen) dat te doen.',
    ]);
    const patient = (await harness.bot.store.mdo.meeting(THURSDAY_MEETING))!.agenda[0]!.patientLabel;
    expect(cardText(els.currentCard(elsCard))).toContain(
      `⚠ Niet bereikt via Teams, na herhaalde pogingen: Anna de Vries (uitnodiging over ${patient}). De netwerkcoördinator is ingelicht; neem zo nodig zelf contact op.`,
    );
    // Only the chair's card says so; a member who opens the meeting does not see it.
    await gea.say(`mdo ${ref}`);
    expect(cardText(gea.lastCard().card)).not.toContain('Niet bereikt');

    const audited = [];
    for await (const entry of harness.bot.auditTrail.entries()) if (entry.action === 'mdo.undelivered') audited.push(entry);
    expect(audited.map((entry) => [entry.actorId, entry.result, entry.objectId, entry.detail])).toEqual([
      ['anna-de-vries', 'mislukt', THURSDAY_MEETING, 'niet bezorgd na herhaalde pogingen: uitnodiging aan anna-de-vries'],
    ]);
    // Nothing more comes of it: no second alert, and the invitation is not sent after all.
    failAnnasChat(false);
    await harness.retryDeliveries();
    await harness.bot.tick();
    expect(alerts()).toHaveLength(1);
    expect(invitations()).toEqual([]);
  });

  it('delivers the invitation once when the bot restarts between storing the agenda and reaching Anna', async () => {
    await start();
    await elsPutsAnnasPatientOnTheAgenda(() => failAnnasChat(true));
    expect((await harness.bot.store.jobRunner.depth())['outbox-deliver']).toBe(1);
    await harness.restart();
    expect(invitations()).toEqual([]);
    failAnnasChat(false);
    await harness.retryDeliveries();
    expect(invitations()).toHaveLength(1);
    await harness.restart();
    await harness.retryDeliveries();
    await harness.bot.tick();
    expect(invitations()).toHaveLength(1);
    expect((await harness.bot.store.jobRunner.depth())['outbox-deliver']).toBe(0);
  });

  it('tells the coordinator when the thread of a new meeting cannot be posted in the kernteam’s channel, and the chair sees it on the meeting card', async () => {
    await start();
    const channel = harness.channel('mdo-westelijke-mijnstreek', [els, harness.user('frank-geurts')]);
    await channel.say(els, 'mdo kanaal koppelen');
    harness.connector.failingConversations.add(channel.channelId);
    await els.say('mdo plannen');
    const form = els.lastCard();
    const planned = await els.press('mdo.plan', { ...form.card.actions[0].data, kernteamId: 'smdo-westelijke-mijnstreek', repeat: 'eenmalig', date: '2026-11-30', time: '15:00', location: 'Zuyderland, zaal 2' }, form.activityId);
    const ref = /M-[0-9A-Z]{4}/.exec(cardText(planned))![0];
    for (let retry = 1; retry <= 6; retry++) await harness.retryDeliveries();
    expect(alerts()).toEqual([
      `Let op, MDO-PZ ${ref} (Specialistisch MDO-PZ Westelijke Mijnstreek, ma 30 nov. 15:00 – 16:00): de draad van dit MDO in het kanaal van het kernteam kon na herhaalde pogingen niet via Teams worden geplaatst. ` +
        'Vraag de voorzitter (Els Vermeulen) of de bot nog in het team zit, en het kanaal zo nodig opnieuw te koppelen met "mdo kanaal koppelen".',
    ]);
    await els.say(`mdo ${ref}`);
    expect(cardText(els.lastCard().card)).toContain('⚠ Niet bereikt via Teams, na herhaalde pogingen: het kanaal van het kernteam (draad).');
  });
});

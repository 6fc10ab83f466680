import type { ConversationReference, TurnContext } from 'botbuilder';
import type { NetworkDirectory } from '../domain/directory.js';
import { visibleItems, itemsWithoutOutcome, type AgendaItem, type MdoMeeting, type ReminderKind, type UndeliveredMdoMessage } from '../domain/mdo.js';
import type { Kernteam, MdoSeries } from '../domain/mdoSeries.js';
import { currentThread } from '../services/mdoChannels.js';
import type { MdoNotifier } from '../services/mdoService.js';
import type { MdoChannelLink, Storage } from '../store/store.js';
import type { BotAudit } from './botAudit.js';
import { cardAttachment, renderCard } from './cards.js';
import { countOf } from './format.js';
import { meetingCardData, meetingTitle, outcomeCardData, recurrenceText, threadCardData, UNDELIVERED_LABELS } from './mdoView.js';
import type { TeamsNotifier } from './teamsNotifier.js';

/**
 * MDO cards and messages in each person's 1:1 chat with the bot, and the meeting's thread in the
 * kernteam's channel when it linked one. What goes into the channel never names a patient. The
 * outbox worker calls these; a message Teams does not take is thrown back to it, to retry.
 */
export class TeamsMdoNotifier implements MdoNotifier {
  constructor(
    private readonly chat: TeamsNotifier,
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly audit: BotAudit,
    private readonly clock: () => Date,
    /** Whether this person may open this patient's ACP (decided by the ACP access rule). */
    private readonly acpVisible: (personId: string, patientRef: string) => Promise<boolean>,
    /** The series a meeting belongs to (configured or planned in chat), for how it repeats. */
    private readonly seriesOf: (seriesId: string) => Promise<MdoSeries | undefined>,
  ) {}

  /** The meeting card as this person sees it. */
  async cardFor(meeting: MdoMeeting, personId: string, notice = '') {
    const kernteam = this.kernteam(meeting);
    const patientRefs = [...new Set(visibleItems(meeting, kernteam, personId).map((item) => item.patientRef))];
    const visible = await Promise.all(patientRefs.map((patientRef) => this.acpVisible(personId, patientRef)));
    const withAcp = new Set(patientRefs.filter((_patientRef, i) => visible[i]));
    return renderCard(
      'mdo-meeting',
      meetingCardData(meeting, kernteam, personId, this.directory, {
        now: this.clock(),
        refreshUserIds: await this.chat.refreshUserIdsOf(personId),
        notice,
        seriesText: await this.seriesText(meeting),
        acpVisible: (patientRef) => withAcp.has(patientRef),
      }),
    );
  }

  /** Sends the meeting card now, outside the outbox (a button's answer); false when the person cannot be reached or Teams did not take it. */
  async postMeetingCard(meeting: MdoMeeting, personId: string): Promise<boolean> {
    return this.postCard(meeting, personId, '').then(
      (posted) => posted,
      () => false,
    );
  }

  async sendMeetingCard(meeting: MdoMeeting, personId: string): Promise<void> {
    await this.postCard(meeting, personId, '');
  }

  /** Posts the card as a new message and remembers where, so it updates in place; false when the person has no chat with the bot. */
  private async postCard(meeting: MdoMeeting, personId: string, notice: string): Promise<boolean> {
    const card = await this.cardFor(meeting, personId, notice);
    const activityId = await this.chat.deliver(personId, async (context) => (await context.sendActivity({ attachments: [cardAttachment(card)] }))?.id);
    if (!activityId) return false;
    await this.store.cardHandles.save(meeting.id, personId, activityId);
    await this.auditShown(meeting, personId, 'MDO-kaart verstuurd');
    return true;
  }

  /** The card in the channel, the same for everyone there: no patient identifiers. */
  async threadCard(meeting: MdoMeeting) {
    return renderCard('mdo-thread', threadCardData(meeting, this.kernteam(meeting), this.directory, this.clock(), await this.seriesText(meeting)));
  }

  private async seriesText(meeting: MdoMeeting): Promise<string> {
    const series = await this.seriesOf(meeting.seriesId);
    return series ? recurrenceText(series.recurrence) : 'eenmalig';
  }

  async postThread(meeting: MdoMeeting, link: MdoChannelLink): Promise<void> {
    if (await this.store.mdoChannels.thread(meeting.id)) return;
    const card = await this.threadCard(meeting);
    const address = link.address as Partial<ConversationReference>;
    const activityId = await this.chat.deliverAt(address, async (context) => (await context.sendActivity({ attachments: [cardAttachment(card)] }))?.id, { kernteamId: link.kernteamId });
    if (activityId) await this.store.mdoChannels.saveThread({ meetingId: meeting.id, channelId: link.channelId, activityId });
  }

  async inviteGuest(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void> {
    const by = this.directory.person(item.addedBy);
    const notice = `${by?.name ?? 'Een specialist PZ'} heeft uw patiënt ${item.patientLabel} geagendeerd voor dit MDO. U kunt voor deze patiënt deelnemen en ontvangt het advies.`;
    await this.postCard(meeting, personId, notice);
  }

  /** Every card of the meeting, in the thread and in each chat; one that fails does not keep the others stale, and the retry updates all again. */
  async updateMeetingCards(meeting: MdoMeeting): Promise<void> {
    let failure: unknown;
    const keepFailure = (error: unknown) => {
      failure = error;
    };
    const thread = await currentThread(this.store, meeting);
    if (thread) {
      const card = await this.threadCard(meeting);
      await this.chat.deliverAt(thread.link.address as Partial<ConversationReference>, (context) => context.updateActivity({ id: thread.activityId, type: 'message', attachments: [cardAttachment(card)] }), { meetingId: meeting.id }).catch(keepFailure);
    }
    const handles = await this.store.cardHandles.get(meeting.id);
    for (const [personId, activityId] of Object.entries(handles)) {
      const card = await this.cardFor(meeting, personId);
      await this.chat.deliver(personId, (context) => context.updateActivity({ id: activityId, type: 'message', attachments: [cardAttachment(card)] })).catch(keepFailure);
    }
    if (failure) throw failure;
  }

  /** A reminder in the meeting's thread, for everyone in the channel: without patient identifiers. */
  async remindInThread(meeting: MdoMeeting, kind: Exclude<ReminderKind, 'outcomeOverdue'>): Promise<void> {
    const thread = await currentThread(this.store, meeting);
    if (!thread) return;
    const count = meeting.agenda.length;
    const agenda = count === 0 ? 'Er staan nog geen patiënten op de agenda.' : `Er ${count === 1 ? 'staat één patiënt' : `staan ${count} patiënten`} op de agenda; leden van het kernteam zien de gegevens met "Patiëntgegevens (1-op-1)".`;
    const text = kind === 'agenda'
      ? `Herinnering: morgen MDO-PZ ${meeting.ref} (${meetingTitle(meeting, this.kernteam(meeting))}). ${agenda}`
      : `Over een half uur begint het MDO-PZ ${meeting.ref}.${meeting.meetingUrl ? ` Deelnemen: ${meeting.meetingUrl}` : meeting.location ? ` Plaats: ${meeting.location}.` : ''}`;
    const address = thread.link.address as Partial<ConversationReference>;
    const reply = { ...address, conversation: { ...address.conversation, id: `${thread.channelId};messageid=${thread.activityId}` } } as Partial<ConversationReference>;
    await this.chat.deliverAt(reply, (context: TurnContext) => context.sendActivity(text), { meetingId: meeting.id });
  }

  async remind(meeting: MdoMeeting, personId: string, kind: ReminderKind): Promise<void> {
    const title = meetingTitle(meeting, this.kernteam(meeting));
    if (kind === 'agenda') {
      await this.postCard(meeting, personId, `Herinnering: morgen MDO-PZ. Dit is de agenda.`);
      return;
    }
    const missing = itemsWithoutOutcome(meeting);
    const text =
      kind === 'link'
        ? `Over een half uur begint het MDO-PZ ${meeting.ref} (${title}).${meeting.meetingUrl ? ` Deelnemen: ${meeting.meetingUrl}` : meeting.location ? ` Plaats: ${meeting.location}.` : ''}`
        : `MDO-PZ ${meeting.ref} (${title}): voor ${countOf(missing.length, 'patiënt', 'patiënten')} is 24 uur na afloop nog geen uitkomst vastgelegd: ${missing.map((i) => i.patientLabel).join(', ')}. Typ "mdo ${meeting.ref}" en kies "Uitkomst vastleggen".`;
    await this.chat.deliver(personId, (context) => context.sendActivity(text));
  }

  async sendOutcome(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void> {
    const card = renderCard('mdo-outcome', outcomeCardData(meeting, this.kernteam(meeting), item, personId, this.directory));
    const sent = await this.chat.deliver(personId, (context) => context.sendActivity({ attachments: [cardAttachment(card)] }));
    const person = this.directory.person(personId);
    if (sent) await this.audit.record(person ? { person } : {}, 'mdo.outcomeSent', 'toegestaan', { patientRef: item.patientRef, objectId: meeting.id });
  }

  async relay(meeting: MdoMeeting, fromPersonId: string, text: string, personId: string): Promise<void> {
    const from = this.directory.person(fromPersonId);
    await this.chat.inConversation(personId, (context) => context.sendActivity(`[${meeting.ref}] ${from?.name ?? 'een deelnemer'}: ${text}`));
  }

  /** The coordinator hears what did not arrive and whom to call; no patient is named, as a coordinator need not see the agenda. */
  async alertUndelivered(meeting: MdoMeeting, coordinatorId: string, message: UndeliveredMdoMessage): Promise<void> {
    const about = `Let op, MDO-PZ ${meeting.ref} (${meetingTitle(meeting, this.kernteam(meeting))}): ${UNDELIVERED_LABELS[message.what].alert}`;
    const chair = this.directory.person(meeting.chairId)?.name ?? 'de voorzitter';
    const recipient = message.personId ? (this.directory.person(message.personId)?.name ?? 'een deelnemer') : undefined;
    const text = recipient
      ? `${about} aan ${recipient} kon na herhaalde pogingen niet via Teams worden bezorgd. Neem contact op met ${recipient}, of vraag de voorzitter (${chair}) dat te doen.`
      : `${about} in het kanaal van het kernteam kon na herhaalde pogingen niet via Teams worden geplaatst. Vraag de voorzitter (${chair}) of de bot nog in het team zit, en het kanaal zo nodig opnieuw te koppelen met "mdo kanaal koppelen".`;
    await this.chat.deliver(coordinatorId, (context) => context.sendActivity(text));
  }

  async auditUndelivered(meeting: MdoMeeting, message: UndeliveredMdoMessage): Promise<void> {
    const person = this.directory.person(message.personId ?? meeting.chairId);
    const patientRef = meeting.agenda.find((item) => item.id === message.itemId)?.patientRef;
    const to = message.personId ?? 'kanaal van het kernteam';
    await this.audit.record(person ? { person } : {}, 'mdo.undelivered', 'mislukt', {
      objectId: meeting.id,
      ...(patientRef ? { patientRef } : {}),
      detail: `niet bezorgd na herhaalde pogingen: ${UNDELIVERED_LABELS[message.what].card} aan ${to}`,
    });
  }

  /** Patient data went to this person: one audit entry per patient they can see on the card. */
  async auditShown(meeting: MdoMeeting, personId: string, detail: string): Promise<void> {
    const person = this.directory.person(personId);
    const items = visibleItems(meeting, this.kernteam(meeting), personId);
    if (items.length === 0) await this.audit.record(person ? { person } : {}, 'mdo.view', 'toegestaan', { objectId: meeting.id, detail });
    for (const item of items) await this.audit.record(person ? { person } : {}, 'mdo.view', 'toegestaan', { patientRef: item.patientRef, objectId: meeting.id, detail });
  }

  private kernteam(meeting: MdoMeeting): Kernteam {
    return this.directory.kernteam(meeting.kernteamId)!;
  }
}

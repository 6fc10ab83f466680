import type { ConversationReference, TurnContext } from 'botbuilder';
import type { NetworkDirectory } from '../domain/directory.js';
import { visibleItems, itemsWithoutOutcome, type AgendaItem, type Kernteam, type MdoMeeting, type MdoSeries, type ReminderKind } from '../domain/mdo.js';
import type { MdoNotifier } from '../services/mdoService.js';
import type { MdoChannelLink, MdoThread, Storage } from '../store/store.js';
import type { BotAudit } from './botAudit.js';
import { cardAttachment, renderCard } from './cards.js';
import { countOf } from './format.js';
import { meetingCardData, meetingTitle, outcomeCardData, recurrenceText, threadCardData } from './mdoView.js';
import type { TeamsNotifier } from './teamsNotifier.js';

/**
 * MDO cards and messages in each person's 1:1 chat with the bot, and the meeting's thread in the
 * kernteam's channel when it linked one. What goes into the channel never names a patient.
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

  async postMeetingCard(meeting: MdoMeeting, personId: string, notice = ''): Promise<boolean> {
    const card = await this.cardFor(meeting, personId, notice);
    const activityId = await this.chat.inConversation(personId, async (context) => (await context.sendActivity({ attachments: [cardAttachment(card)] }))?.id);
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
    const activityId = await this.chat.atAddress(link.address, async (context) => (await context.sendActivity({ attachments: [cardAttachment(card)] }))?.id, { kernteamId: link.kernteamId });
    if (activityId) await this.store.mdoChannels.saveThread({ meetingId: meeting.id, channelId: link.channelId, activityId });
  }

  async inviteGuest(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void> {
    const by = this.directory.person(item.addedBy);
    const notice = `${by?.name ?? 'Een specialist PZ'} heeft uw patiënt ${item.patientLabel} geagendeerd voor dit MDO. U kunt voor deze patiënt deelnemen en ontvangt het advies.`;
    await this.postMeetingCard(meeting, personId, notice);
  }

  async updateMeetingCards(meeting: MdoMeeting): Promise<void> {
    const thread = await this.threadOf(meeting);
    if (thread) {
      const card = await this.threadCard(meeting);
      await this.chat.atAddress(thread.address, (context) => context.updateActivity({ id: thread.activityId, type: 'message', attachments: [cardAttachment(card)] }), { meetingId: meeting.id });
    }
    const handles = await this.store.cardHandles.get(meeting.id);
    for (const [personId, activityId] of Object.entries(handles)) {
      const card = await this.cardFor(meeting, personId);
      await this.chat.inConversation(personId, (context) => context.updateActivity({ id: activityId, type: 'message', attachments: [cardAttachment(card)] }));
    }
  }

  /** A reminder in the meeting's thread, for everyone in the channel: without patient identifiers. */
  async remindInThread(meeting: MdoMeeting, kind: Exclude<ReminderKind, 'outcomeOverdue'>): Promise<boolean> {
    const thread = await this.threadOf(meeting);
    if (!thread) return false;
    const count = meeting.agenda.length;
    const agenda = count === 0 ? 'Er staan nog geen patiënten op de agenda.' : `Er ${count === 1 ? 'staat één patiënt' : `staan ${count} patiënten`} op de agenda; leden van het kernteam zien de gegevens met "Patiëntgegevens (1-op-1)".`;
    const text = kind === 'agenda'
      ? `Herinnering: morgen MDO-PZ ${meeting.ref} (${meetingTitle(meeting, this.kernteam(meeting))}). ${agenda}`
      : `Over een half uur begint het MDO-PZ ${meeting.ref}.${meeting.meetingUrl ? ` Deelnemen: ${meeting.meetingUrl}` : meeting.location ? ` Plaats: ${meeting.location}.` : ''}`;
    const reply = { ...thread.address, conversation: { ...thread.address.conversation, id: `${thread.channelId};messageid=${thread.activityId}` } } as Partial<ConversationReference>;
    return Boolean(await this.chat.atAddress(reply, (context: TurnContext) => context.sendActivity(text), { meetingId: meeting.id }));
  }

  async remind(meeting: MdoMeeting, personId: string, kind: ReminderKind): Promise<void> {
    const title = meetingTitle(meeting, this.kernteam(meeting));
    if (kind === 'agenda') {
      await this.postMeetingCard(meeting, personId, `Herinnering: morgen MDO-PZ. Dit is de agenda.`);
      return;
    }
    const missing = itemsWithoutOutcome(meeting);
    const text =
      kind === 'link'
        ? `Over een half uur begint het MDO-PZ ${meeting.ref} (${title}).${meeting.meetingUrl ? ` Deelnemen: ${meeting.meetingUrl}` : meeting.location ? ` Plaats: ${meeting.location}.` : ''}`
        : `MDO-PZ ${meeting.ref} (${title}): voor ${countOf(missing.length, 'patiënt', 'patiënten')} is 24 uur na afloop nog geen uitkomst vastgelegd: ${missing.map((i) => i.patientLabel).join(', ')}. Typ "mdo ${meeting.ref}" en kies "Uitkomst vastleggen".`;
    await this.chat.inConversation(personId, (context) => context.sendActivity(text));
  }

  async sendOutcome(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void> {
    const card = renderCard('mdo-outcome', outcomeCardData(meeting, this.kernteam(meeting), item, personId, this.directory));
    const sent = await this.chat.inConversation(personId, (context) => context.sendActivity({ attachments: [cardAttachment(card)] }));
    const person = this.directory.person(personId);
    if (sent) await this.audit.record(person ? { person } : {}, 'mdo.outcomeSent', 'toegestaan', { patientRef: item.patientRef, objectId: meeting.id });
  }

  async relay(meeting: MdoMeeting, fromPersonId: string, text: string, personId: string): Promise<void> {
    const from = this.directory.person(fromPersonId);
    await this.chat.inConversation(personId, (context) => context.sendActivity(`[${meeting.ref}] ${from?.name ?? 'een deelnemer'}: ${text}`));
  }

  /** Patient data went to this person: one audit entry per patient they can see on the card. */
  async auditShown(meeting: MdoMeeting, personId: string, detail: string): Promise<void> {
    const person = this.directory.person(personId);
    const items = visibleItems(meeting, this.kernteam(meeting), personId);
    if (items.length === 0) await this.audit.record(person ? { person } : {}, 'mdo.view', 'toegestaan', { objectId: meeting.id, detail });
    for (const item of items) await this.audit.record(person ? { person } : {}, 'mdo.view', 'toegestaan', { patientRef: item.patientRef, objectId: meeting.id, detail });
  }

  /** The meeting's thread and how to reach its channel, while the kernteam's link still points there. */
  private async threadOf(meeting: MdoMeeting): Promise<(MdoThread & { address: Partial<ConversationReference> }) | undefined> {
    const thread = await this.store.mdoChannels.thread(meeting.id);
    const link = thread && (await this.store.mdoChannels.link(meeting.kernteamId));
    if (!thread || !link || link.channelId !== thread.channelId) return undefined;
    return { ...thread, address: link.address as Partial<ConversationReference> };
  }

  private kernteam(meeting: MdoMeeting): Kernteam {
    return this.directory.kernteam(meeting.kernteamId)!;
  }
}

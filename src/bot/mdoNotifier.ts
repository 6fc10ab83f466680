import type { NetworkDirectory } from '../domain/directory.js';
import { visibleItems, itemsWithoutOutcome, type AgendaItem, type Kernteam, type MdoMeeting, type ReminderKind } from '../domain/mdo.js';
import type { MdoNotifier } from '../services/mdoService.js';
import type { Storage } from '../store/store.js';
import type { BotAudit } from './botAudit.js';
import { cardAttachment, renderCard } from './cards.js';
import { countOf } from './format.js';
import { meetingCardData, meetingTitle, outcomeCardData } from './mdoView.js';
import type { TeamsNotifier } from './teamsNotifier.js';

/** MDO cards and messages in each person's 1:1 chat with the bot. */
export class TeamsMdoNotifier implements MdoNotifier {
  constructor(
    private readonly chat: TeamsNotifier,
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly audit: BotAudit,
    private readonly clock: () => Date,
    /** Whether this person may open this patient's ACP (decided by the ACP access rule). */
    private readonly acpVisible: (personId: string, patientRef: string) => Promise<boolean>,
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
        acpVisible: (patientRef) => withAcp.has(patientRef),
      }),
    );
  }

  async postMeetingCard(meeting: MdoMeeting, personId: string, notice = ''): Promise<void> {
    const card = await this.cardFor(meeting, personId, notice);
    const activityId = await this.chat.inConversation(personId, async (context) => (await context.sendActivity({ attachments: [cardAttachment(card)] }))?.id);
    if (!activityId) return;
    await this.store.cardHandles.save(meeting.id, personId, activityId);
    await this.auditShown(meeting, personId, 'MDO-kaart verstuurd');
  }

  async inviteGuest(meeting: MdoMeeting, item: AgendaItem, personId: string): Promise<void> {
    const by = this.directory.person(item.addedBy);
    const notice = `${by?.name ?? 'Een specialist PZ'} heeft uw patiënt ${item.patientLabel} geagendeerd voor dit MDO. U kunt voor deze patiënt deelnemen en ontvangt het advies.`;
    await this.postMeetingCard(meeting, personId, notice);
  }

  async updateMeetingCards(meeting: MdoMeeting): Promise<void> {
    const handles = await this.store.cardHandles.get(meeting.id);
    for (const [personId, activityId] of Object.entries(handles)) {
      const card = await this.cardFor(meeting, personId);
      await this.chat.inConversation(personId, (context) => context.updateActivity({ id: activityId, type: 'message', attachments: [cardAttachment(card)] }));
    }
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

  private kernteam(meeting: MdoMeeting): Kernteam {
    return this.directory.kernteam(meeting.kernteamId)!;
  }
}

import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { Consult } from '../domain/consult.js';
import type { ContactLogEntry } from '../domain/contactLog.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { ConsultNotifier, Notice } from '../services/consultService.js';
import type { Storage } from '../store/store.js';
import type { BotAudit } from './botAudit.js';
import { cardAttachment, renderCard } from './cards.js';
import { offerCardData, statusCardData, type CardStep } from './consultView.js';
import { noticeText } from './notices.js';

/** The paging events that go into the audit trail as well as the consult's history, with what the entry says. */
const AUDITED_NOTICES: Partial<Record<Notice['kind'], string>> = {
  reminder: 'aanbod opnieuw gestuurd',
  escalated: 'aanvrager: naar de volgende stap',
  skipped: 'coördinator: niet bereikbaar',
  exhausted: 'coördinator: keten doorlopen zonder reactie',
  undelivered: 'coördinator: bericht niet bezorgd',
};

/**
 * Reaches people in their 1:1 chat with the bot, using the conversation reference stored when
 * they installed the bot or first wrote to it.
 */
export class TeamsNotifier implements ConsultNotifier {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly audit: BotAudit,
    private readonly logger: Logger,
    /** Whether the consult's patient has an ACP the accepting specialist will see. */
    private readonly hasSharedAcp: (consult: Consult) => Promise<boolean> = async () => false,
  ) {}

  async reachable(personIds: readonly string[]): Promise<ReadonlySet<string>> {
    return new Set((await this.store.channelAddresses.getMany(personIds)).keys());
  }

  async sendOffer(consult: Consult, personId: string): Promise<void> {
    const address = await this.addressOf(personId);
    if (!address) return;
    const activityId = await this.deliverAt(address, async (context) => {
      const sent = await context.sendActivity({ attachments: [cardAttachment(await this.cardFor(consult, personId, { address }))] });
      return sent?.id;
    }, { personId });
    if (!activityId) return;
    await this.store.cardHandles.save(consult.id, personId, activityId);
    const person = this.directory.person(personId);
    await this.audit.record(person ? { person } : {}, 'consult.offer', 'toegestaan', { consult, detail: 'aanbod getoond' });
  }

  async updateCards(consult: Consult): Promise<void> {
    const handles = await this.store.cardHandles.get(consult.id);
    const addresses = await this.store.channelAddresses.getMany(Object.keys(handles));
    let failure: unknown;
    for (const [personId, activityId] of Object.entries(handles)) {
      const address = addresses.get(personId) as Partial<ConversationReference> | undefined;
      if (!address) continue;
      const card = await this.cardFor(consult, personId, { address });
      // One person's chat failing must not keep the others' cards stale; the retry updates all again.
      await this.deliverAt(address, (context) => context.updateActivity({ id: activityId, type: 'message', attachments: [cardAttachment(card)] }), { personId }).catch((error: unknown) => {
        failure = error;
      });
    }
    if (failure) throw failure;
  }

  async notify(personId: string, notice: Notice): Promise<void> {
    const sent = await this.deliver(personId, (context) => context.sendActivity(noticeText(notice, this.directory)));
    const audited = AUDITED_NOTICES[notice.kind];
    if (!sent || !audited) return;
    const person = this.directory.person(personId);
    const detail = notice.kind === 'skipped' ? `${audited}: ${notice.personIds.join(', ')}` : notice.kind === 'undelivered' ? `${audited}: ${notice.personId}` : audited;
    await this.audit.record(person ? { person } : {}, `consult.${notice.kind}`, 'toegestaan', { consult: notice.consult, detail });
  }

  /**
   * Runs `send` in the person's chat for the outbox: a failure is thrown, so the delivery job
   * retries it and, after its retries, a person hears of it. Nobody to reach is not a failure.
   */
  async deliver<T>(personId: string, send: (context: TurnContext) => Promise<T>): Promise<T | undefined> {
    const address = await this.addressOf(personId);
    return address ? this.deliverAt(address, send, { personId }) : undefined;
  }

  private async addressOf(personId: string): Promise<Partial<ConversationReference> | undefined> {
    return (await this.store.channelAddresses.get(personId)) as Partial<ConversationReference> | undefined;
  }

  /** Runs `send` at `address` (a chat, a team channel or a thread in it) for the outbox: a failure is logged with `about` and thrown. */
  async deliverAt<T>(address: Partial<ConversationReference>, send: (context: TurnContext) => Promise<T>, about: Record<string, string>): Promise<T | undefined> {
    try {
      return await this.sendAt(address, send);
    } catch (error) {
      this.logger.warn({ ...about, err: { message: (error as Error).message } }, 'delivery failed; the outbox retries it');
      throw new Error('delivery failed');
    }
  }

  private async sendAt<T>(address: Partial<ConversationReference>, send: (context: TurnContext) => Promise<T>): Promise<T | undefined> {
    let result: T | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, address, async (context) => {
      result = await send(context);
    });
    return result;
  }

  /**
   * The card this person sees for this consult: the requester's status, or the specialist's offer.
   * `notice` is a line above it; `step` a confirmation the requester is asked for; `address` their
   * chat's, when the caller has read it already (one read of the address per card).
   */
  async cardFor(consult: Consult, personId: string, { notice = '', step = {}, address }: { notice?: string; step?: CardStep; address?: Partial<ConversationReference> } = {}) {
    const refreshUserIds = address ? refreshUserIdsAt(address) : await this.refreshUserIdsOf(personId);
    const contacts = await this.registeredContacts(consult);
    if (personId === consult.requesterId) {
      return renderCard('consult-status', { title: 'Consultaanvraag', refreshUserIds, notice, ...statusCardData(consult, this.directory, step, contacts) });
    }
    const offer = offerCardData(consult, personId, this.directory, contacts);
    return renderCard('consult-offer', { title: 'Consultaanbod', refreshUserIds, notice, acpNote: await this.acpNoteFor(consult, offer), ...offer });
  }

  /** Whether there is an ACP, said as fits the offer: shown on accepting, or opened with "acp C-…" once it is yours. */
  private async acpNoteFor(consult: Consult, offer: { isOpen: boolean; closure?: unknown; isYours: boolean }): Promise<string> {
    if (!(offer.isOpen || offer.isYours || offer.closure) || !(await this.hasSharedAcp(consult))) return '';
    return offer.isOpen ? 'Er is een PZP/ACP van deze patiënt; u ziet het zodra u accepteert.' : `Er is een PZP/ACP van deze patiënt; typ "acp ${consult.ref}" om het te openen.`;
  }

  /** The contacts logged when this consult was closed; they took place between the request and the close. */
  private async registeredContacts(consult: Consult): Promise<ContactLogEntry[]> {
    if (!consult.closure || !consult.closedAt || consult.closure.contactIds.length === 0) return [];
    const ids = new Set(consult.closure.contactIds);
    const requestMinute = Math.floor(Date.parse(consult.createdAt) / 60_000) * 60_000;
    const logged = await this.store.contacts.tookPlaceBetween(new Date(requestMinute), new Date(Date.parse(consult.closedAt) + 1));
    return logged.filter((contact) => ids.has(contact.id));
  }

  /** Whom a Universal Actions card refreshes for: this person's chat user id, once the bot knows it. */
  async refreshUserIdsOf(personId: string): Promise<string[]> {
    const address = await this.addressOf(personId);
    return address ? refreshUserIdsAt(address) : [];
  }

  /**
   * Runs `send` in the person's chat. Delivery problems are logged, not thrown: the change that
   * caused the message is already stored, and the card refreshes when it is next opened.
   */
  async inConversation<T>(personId: string, send: (context: TurnContext) => Promise<T>): Promise<T | undefined> {
    const address = (await this.store.channelAddresses.get(personId)) as Partial<ConversationReference> | undefined;
    return address ? this.atAddress(address, send, { personId }) : undefined;
  }

  /** Runs `send` in the conversation at `address`, logging a failed delivery with `about`. */
  async atAddress<T>(address: Partial<ConversationReference>, send: (context: TurnContext) => Promise<T>, about: Record<string, string>): Promise<T | undefined> {
    return this.sendAt(address, send).catch((error: unknown) => {
      this.logger.warn({ ...about, err: { message: (error as Error).message } }, 'delivery failed');
      return undefined;
    });
  }
}

/** A Universal Actions card refreshes for the chat user at this address. */
function refreshUserIdsAt(address: Partial<ConversationReference>): string[] {
  return address.user?.id ? [address.user.id] : [];
}

import { randomUUID } from 'node:crypto';
import * as lifecycle from '../domain/consult.js';
import type { Consult, SharedFile, Supplement } from '../domain/consult.js';
import { addSupplement } from '../domain/supplements.js';
import { sameSpecialistFirst } from '../domain/followUp.js';
import type { ConsultRequest } from '../domain/consultRequest.js';
import { contactEntriesFor, type ClosureInput } from "../domain/contactLog.js";
import { periodAt } from "../domain/calendar.js";
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import { decline as declineOffer } from '../domain/paging.js';
import type { Router } from '../domain/routing.js';
import { newConsultRef, patientPseudonym } from '../domain/references.js';
import type { Storage } from '../store/store.js';
import { changeConsult, type Outcome } from './consultChanges.js';
import { ConsultPaging } from './consultPaging.js';
import type { ConsultDelivery } from './outbox.js';

/** What happened, for the messenger adapter to tell the people involved in their own words. */
export type Notice =
  /** For a coordinator: these people of the plan cannot be reached through the chat and were passed over. */
  | { kind: 'skipped'; consult: Consult; personIds: string[] }
  /** For the requester: after a decline or a wait that ran out, the consult went to the next step (or round). */
  | { kind: 'escalated'; consult: Consult }
  /** For a specialist with an open offer: it is still waiting (a new message, so the phone buzzes). */
  | { kind: 'reminder'; consult: Consult }
  /** For a coordinator: the whole chain ran out and nobody accepted; the consult stays open. */
  | { kind: 'exhausted'; consult: Consult }
  | { kind: 'accepted'; consult: Consult }
  /** For the requester: the chain ran out with nobody accepting; says who declined and whether anyone still has it. */
  | { kind: 'unanswered'; consult: Consult }
  | { kind: 'withdrawn'; consult: Consult }
  | { kind: 'relayed'; consult: Consult; fromPersonId: string; text: string }
  | { kind: 'closed'; consult: Consult }
  /** For a coordinator: a message to `personId` about this consult could not be delivered. */
  | { kind: 'undelivered'; consult: Consult; personId: string }
  | { kind: 'supplemented'; consult: Consult; supplement: Supplement }
  | { kind: 'fileShared'; consult: Consult; fromPersonId: string; file: SharedFile; text: string };

/** The messenger side of the consult loop (Teams today; the core does not care which). */
export interface ConsultNotifier {
  /** Which of these people the bot has a chat with. */
  reachable(personIds: readonly string[]): Promise<ReadonlySet<string>>;
  sendOffer(consult: Consult, personId: string): Promise<void>;
  /** Re-renders every card already posted for this consult, for each person, in place. */
  updateCards(consult: Consult): Promise<void>;
  notify(personId: string, notice: Notice): Promise<void>;
}

const MAX_REF_ATTEMPTS = 20;
/** How far back `consulten` lists finished consults. */
export const HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

/** Whether this person asked for, held, or was offered this consult. */
export const tookPart = (consult: Consult, personId: string): boolean =>
  consult.requesterId === personId || consult.acceptedBy === personId || consult.offers.some((offer) => offer.personId === personId);

/**
 * The consult loop's use cases: each stores first, then notifies. Paging the plan (steps,
 * timeouts, re-notifications, coordinator alerts) is ConsultPaging's; the jobs and ticks that
 * run it call it through here.
 */
export class ConsultService {
  private readonly paging: ConsultPaging;
  constructor(
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly router: Router,
    notifier: ConsultNotifier,
    private readonly patientRefSecret: string,
    private readonly clock: () => Date = () => new Date(),
    /** Brings the router's imported rosters up to date before a request is routed. */
    private readonly refreshRouting: () => Promise<void> = async () => {},
  ) {
    this.paging = new ConsultPaging(store, directory, notifier, clock);
  }

  /**
   * Stores the request, then offers it. Submitting the same form again returns the same consult.
   * A follow-up of a closed consult goes to that consult's specialist first when on duty.
   */
  async request(requester: Person, request: ConsultRequest, formId: string, followUpOf?: Consult): Promise<Consult> {
    const existing = await this.fromForm(requester.id, formId);
    if (existing) return existing;
    const now = this.clock();
    await this.refreshRouting();
    const routed = this.router.plan(request.subRegionId, request.urgency, now.getTime());
    const period = routed.period;
    const plan = followUpOf ? sameSpecialistFirst(routed.plan, followUpOf.acceptedBy, this.onDuty(request.subRegionId, now)) : routed.plan;
    const id = randomUUID();
    for (let attempt = 0; attempt < MAX_REF_ATTEMPTS; attempt++) {
      const fresh = this.newConsult(id, requester, request, formId, period, plan, now);
      const inserted = await this.store.consults.insert(followUpOf ? { ...fresh, followUpOf: { consultId: followUpOf.id, ref: followUpOf.ref } } : fresh);
      if (inserted.outcome === 'inserted') return this.paging.offerNext(inserted.record);
      if (inserted.outcome === 'existing') return inserted.record;
    }
    throw new Error(`no free consult reference after ${MAX_REF_ATTEMPTS} attempts`);
  }

  private newConsult(id: string, requester: Person, request: ConsultRequest, formId: string, period: Consult['period'], plan: Consult['plan'], now: Date): Consult {
    const paging = this.directory.regionOfSubRegion(request.subRegionId)?.paging;
    return lifecycle.newConsult({
      ...(paging ? { paging: { renotifyMinutes: paging.renotifyMinutes[request.urgency], loops: paging.loops } } : {}),
      id,
      ref: newConsultRef(),
      formId,
      requesterId: requester.id,
      patientRef: patientPseudonym(this.patientRefSecret, {
        initials: request.patientInitials,
        birthYear: request.patientBirthYear,
        localPatientNumber: request.localPatientNumber,
        organisationId: requester.organisationId,
      }),
      request,
      period,
      plan,
      now,
    });
  }

  /** The primary and backups on call for this sub-region now. */
  private onDuty(subRegionId: string, now: Date): string[] {
    const { roster } = this.router.rosterFor(subRegionId, now.getTime());
    if (!roster) return [];
    const onCall = this.router.onCall(roster, now.getTime());
    return [...(onCall.primary ? [onCall.primary] : []), ...onCall.backups];
  }

  /** At start-up, before any turn: see ConsultPaging.catchUp. */
  catchUp(): Promise<void> {
    return this.paging.catchUp();
  }

  escalateDue(): Promise<number> {
    return this.paging.escalateDue();
  }

  renotifyDue(): Promise<number> {
    return this.paging.renotifyDue();
  }

  renotify(consultId: string, index: number): Promise<boolean> {
    return this.paging.renotify(consultId, index);
  }

  escalate(consultId: string): Promise<boolean> {
    return this.paging.escalate(consultId);
  }

  undeliverable(delivery: ConsultDelivery): Promise<void> {
    return this.paging.undeliverable(delivery);
  }

  async accept(person: Person, consultId: string): Promise<Outcome> {
    const outcome = await changeConsult(this.store, consultId, (consult) => lifecycle.accept(consult, person.id, this.clock()), async (_before, after, outbox) => {
      await outbox.updateCards(after);
      await outbox.notify(after.requesterId, { kind: 'accepted', consult: after });
    });
    if (outcome.ok || outcome.refusal.code !== 'taken') return outcome;
    const holder = this.directory.person((await this.store.consults.get(consultId))?.acceptedBy ?? '');
    if (!holder) return outcome;
    return { ok: false, refusal: { code: 'taken', message: `Dit consult is al geaccepteerd door ${holder.name} (${holder.discipline}).` } };
  }

  decline(person: Person, consultId: string, reason: string): Promise<Outcome> {
    return changeConsult(
      this.store,
      consultId,
      async (consult) => declineOffer(consult, person.id, reason, this.clock(), await this.paging.reachIn(consult)),
      (before, after, outbox) => this.paging.announceOfferChanges(before, after, outbox),
    );
  }

  withdraw(person: Person, consultId: string, reason?: string): Promise<Outcome> {
    return changeConsult(this.store, consultId, (consult) => lifecycle.withdraw(consult, person.id, this.clock(), reason), async (before, after, outbox) => {
      await outbox.updateCards(after);
      for (const offer of lifecycle.pendingOffers(before)) await outbox.notify(offer.personId, { kind: 'withdrawn', consult: after });
    });
  }

  /**
   * Relays a message to the other party. Without `consultId`, the sender's only open conversation
   * is used. A message delivered twice (same `sourceId`) is relayed once.
   */
  async relay(person: Person, text: string, consultId?: string, sourceId?: string): Promise<Outcome | { ok: 'choose'; consults: Consult[] }> {
    if (!consultId) {
      const conversations = await this.conversationsOf(person.id);
      if (conversations.length === 0) {
        return { ok: false, refusal: { code: 'not-open', message: 'U heeft geen lopend consult om dit bericht bij te plaatsen.' } };
      }
      if (conversations.length > 1) return { ok: 'choose', consults: conversations };
      consultId = conversations[0]!.id;
    }
    const outcome = await changeConsult(this.store, consultId, (consult) => lifecycle.addMessage(consult, person.id, text, this.clock(), sourceId), async (_before, after, outbox) => {
      const counterpart = lifecycle.counterpartOf(after, person.id);
      if (counterpart.ok) await outbox.notify(counterpart.personId, { kind: 'relayed', consult: after, fromPersonId: person.id, text });
    });
    if (!outcome.ok && outcome.refusal.code === 'duplicate') {
      const consult = await this.store.consults.get(consultId);
      if (consult) return { ok: true, consult };
    }
    return outcome;
  }

  /**
   * Adds the requester's text (and file) to a request still waiting for a specialist: everyone
   * deciding on it gets the addition in their chat, and every offer card shows it.
   */
  supplement(person: Person, consultId: string, text: string, file?: SharedFile, sourceId?: string): Promise<Outcome> {
    return changeConsult(this.store, consultId, (consult) => addSupplement(consult, person.id, text, this.clock(), file, sourceId), async (_before, after, outbox) => {
      await outbox.updateCards(after);
      const supplement = after.supplements!.at(-1)!;
      for (const offer of lifecycle.pendingOffers(after)) await outbox.notify(offer.personId, { kind: 'supplemented', consult: after, supplement });
    });
  }

  /**
   * Passes a file (a link to where Teams keeps it) to the other party of a consult in
   * conversation; it is kept with the messages, so the retention purge removes it with them.
   */
  shareFile(person: Person, consultId: string, file: SharedFile, text: string, sourceId?: string): Promise<Outcome> {
    return changeConsult(this.store, consultId, (consult) => lifecycle.addMessage(consult, person.id, text, this.clock(), sourceId, file), async (_before, after, outbox) => {
      const counterpart = lifecycle.counterpartOf(after, person.id);
      if (counterpart.ok) await outbox.notify(counterpart.personId, { kind: 'fileShared', consult: after, fromPersonId: person.id, file, text });
    });
  }

  /** Requests this person made that still wait for a specialist, newest first. */
  async waitingRequestsOf(personId: string): Promise<Consult[]> {
    return (await this.store.consults.open())
      .filter((c) => c.requesterId === personId && (c.status === 'ingediend' || c.status === 'aangeboden'))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Closes the consult and logs its contacts, in one transaction (on the file store: the contacts first, idempotently). */
  async close(person: Person, consultId: string, input: ClosureInput): Promise<Outcome> {
    const now = this.clock();
    return changeConsult(
      this.store,
      consultId,
      (consult) => {
        const entries = lifecycle.close(consult, person.id, { outcome: input.outcome, adviceSummary: input.adviceSummary, contactIds: [] }, now);
        if (!entries.ok) return entries;
        const contacts = contactEntriesFor(consult, input, this.directory, (at) => periodAt(at, this.router.calendarOf(consult.request.subRegionId)), now);
        return {
          ok: true,
          consult: { ...entries.consult, closure: { ...entries.consult.closure!, contactIds: contacts.map((c) => c.id) } },
          contacts,
        };
      },
      async (_before, after, outbox) => {
        await outbox.updateCards(after);
        await outbox.notify(after.requesterId, { kind: 'closed', consult: after });
      },
    );
  }

  /** The open consult this requester made with this form, if any. */
  fromForm(requesterId: string, formId: string): Promise<Consult | undefined> {
    return this.store.consults.openByForm(requesterId, formId);
  }

  /** Accepted consults this person is a party to, newest first. */
  async conversationsOf(personId: string): Promise<Consult[]> {
    return (await this.store.consults.open())
      .filter((c) => c.status === 'geaccepteerd' && (c.requesterId === personId || c.acceptedBy === personId))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Open consults this person asked for, holds, or has been offered. */
  async openConsultsOf(personId: string): Promise<Consult[]> {
    return (await this.store.consults.open())
      .filter(
        (c) =>
          c.requesterId === personId ||
          c.acceptedBy === personId ||
          lifecycle.pendingOffers(c).some((offer) => offer.personId === personId),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * The open consults this person is part of, and the finished ones they asked or held that closed
   * in the last `days` days, newest first. Finished consults are looked up among those requested
   * in twice that window, as a consult runs for days, not months.
   */
  async historyOf(personId: string, days = HISTORY_DAYS): Promise<Consult[]> {
    const now = this.clock().getTime();
    const since = now - days * DAY_MS;
    const finished = (await this.store.consults.requestedBetween(new Date(now - 2 * days * DAY_MS), new Date(now + 1)))
      // Only the two parties see a finished consult's advice listed; someone merely offered it does not.
      .filter((c) => !lifecycle.isOpen(c) && c.closedAt && Date.parse(c.closedAt) >= since && (c.requesterId === personId || c.acceptedBy === personId));
    return [...(await this.openConsultsOf(personId)), ...finished].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}

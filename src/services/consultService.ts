import { randomUUID } from 'node:crypto';
import * as lifecycle from '../domain/consult.js';
import type { Consult, Refusal, SharedFile, Supplement, Transition } from '../domain/consult.js';
import { addSupplement } from '../domain/supplements.js';
import { sameSpecialistFirst } from '../domain/followUp.js';
import type { ConsultRequest } from '../domain/consultRequest.js';
import { contactEntriesFor, type ClosureInput, type ContactLogEntry } from "../domain/contactLog.js";
import { periodAt } from "../domain/calendar.js";
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import type { Router } from '../domain/routing.js';
import { newConsultRef, patientPseudonym } from '../domain/references.js';
import type { Repositories, Storage } from '../store/store.js';
import type { JobRequest } from '../jobs/jobs.js';
import { deliverNow, OutboxRecorder, type Announcer, type ConsultDelivery } from './outbox.js';

/** What happened, for the messenger adapter to tell the people involved in their own words. */
export type Notice =
  /** For a coordinator: these people of the plan cannot be reached through the chat and were passed over. */
  | { kind: 'skipped'; consult: Consult; personIds: string[] }
  /** For the requester: nobody answered in time, so the consult went to the next step (or round). */
  | { kind: 'escalated'; consult: Consult }
  /** For a specialist with an open offer: it is still waiting (a new message, so the phone buzzes). */
  | { kind: 'reminder'; consult: Consult }
  /** For a coordinator: the whole chain ran out and nobody accepted; the consult stays open. */
  | { kind: 'exhausted'; consult: Consult }
  | { kind: 'accepted'; consult: Consult }
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

export type Outcome = { ok: true; consult: Consult } | { ok: false; refusal: Refusal };

/**
 * Every round of compare-and-set lets at least one of the concurrent changes through, so this
 * many rounds carry as many simultaneous changes of one consult (ten messages at once, two accepts).
 */
const MAX_CONFLICT_RETRIES = 50;
const MAX_REF_ATTEMPTS = 20;
/** How far back `consulten` lists finished consults. */
export const HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

/** Whether this person asked for, held, or was offered this consult. */
export const tookPart = (consult: Consult, personId: string): boolean =>
  consult.requesterId === personId || consult.acceptedBy === personId || consult.offers.some((offer) => offer.personId === personId);

/** A transition's result; closing also gives the contact-log entries to store with it. */
type Transitioned = Transition | { ok: true; consult: Consult; contacts: ContactLogEntry[] };

/** Thrown inside a transaction when the compare-and-set lost, so nothing of it is kept. */
class Conflict extends Error {}
const rollback = (): never => {
  throw new Conflict('consult changed meanwhile');
};
const conflictAsFalse = (error: unknown): false => {
  if (error instanceof Conflict) return false;
  throw error;
};

/** The consult loop's use cases: each stores first, then notifies. */
export class ConsultService {
  constructor(
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly router: Router,
    private readonly notifier: ConsultNotifier,
    private readonly patientRefSecret: string,
    private readonly clock: () => Date = () => new Date(),
    /** Brings the router's imported rosters up to date before a request is routed. */
    private readonly refreshRouting: () => Promise<void> = async () => {},
  ) {}

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
      if (inserted.outcome === 'inserted') return this.offerNext(inserted.record);
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

  /** Offers consults that were stored but not yet offered, e.g. when the bot stopped in between. */
  async resumeUnoffered(): Promise<void> {
    for (const consult of await this.store.consults.open()) {
      if (consult.status === 'ingediend') await this.offerNext(consult);
    }
  }

  /**
   * Moves every consult whose wait is over to its next step. Deadlines are stored with the
   * consult, so after a restart due steps run at once and future ones keep their time; the
   * compare-and-set makes a step run once even when two ticks overlap.
   */
  async escalateDue(): Promise<number> {
    const now = this.clock();
    const due = (await this.store.consults.open()).filter((c) => c.status === 'aangeboden' && c.stepDeadline && Date.parse(c.stepDeadline) <= now.getTime());
    let moved = 0;
    for (const consult of due) if (await this.escalate(consult.id)) moved++;
    return moved;
  }

  /** Sends the re-notifications that are due, as `escalateDue` runs due steps (after a restart, or in tests). */
  async renotifyDue(): Promise<number> {
    const now = this.clock().getTime();
    let sent = 0;
    for (const consult of await this.store.consults.open()) {
      const due = lifecycle.nextRenotificationAt(consult);
      if (due && due.getTime() <= now && (await this.renotify(consult.id, consult.renotified?.length ?? 0))) sent++;
    }
    return sent;
  }

  /**
   * Sends every open offer of this consult again: the `consult-renotify` job's work. `index` is
   * which re-notification this is, so a job that another instance already ran does nothing.
   */
  async renotify(consultId: string, index: number): Promise<boolean> {
    const consult = await this.store.consults.get(consultId);
    if (!consult || (consult.renotified?.length ?? 0) !== index) return false;
    const due = lifecycle.nextRenotificationAt(consult);
    if (!due) return false;
    if (due.getTime() > this.clock().getTime()) {
      await this.store.jobs.schedule(renotificationJob(consult, this.clock().toISOString())!);
      return false;
    }
    const outcome = await this.change(
      consultId,
      (current) => ((current.renotified?.length ?? 0) === index ? lifecycle.renotify(current, this.clock()) : { ok: false, refusal: { code: 'not-open', message: '' } }),
      async (_before, after, outbox) => {
        for (const personId of after.renotified!.at(-1)!.personIds) await outbox.notify(personId, { kind: 'reminder', consult: after });
        await outbox.updateCards(after);
      },
    );
    return outcome.ok;
  }

  /**
   * Runs a consult's due step: the `consult-step` job's work. Idempotent: a step that already ran
   * (on this instance or another) is a refusal here, and nothing happens. A job that finds its
   * step not yet due (another instance's clock runs ahead) waits for it in a new job.
   */
  async escalate(consultId: string): Promise<boolean> {
    const consult = await this.store.consults.get(consultId);
    if (consult?.status === 'aangeboden' && consult.stepDeadline && Date.parse(consult.stepDeadline) > this.clock().getTime()) {
      await this.store.jobs.schedule(stepJob(consult, this.clock().toISOString())!);
      return false;
    }
    const outcome = await this.change(
      consultId,
      async (current) => lifecycle.expire(current, this.clock(), await this.reachIn(current)),
      (before, after, outbox) => this.announceOfferChanges(before, after, outbox),
    );
    return outcome.ok;
  }

  async accept(person: Person, consultId: string): Promise<Outcome> {
    const outcome = await this.change(consultId, (consult) => lifecycle.accept(consult, person.id, this.clock()), async (_before, after, outbox) => {
      await outbox.updateCards(after);
      await outbox.notify(after.requesterId, { kind: 'accepted', consult: after });
    });
    if (outcome.ok || outcome.refusal.code !== 'taken') return outcome;
    const holder = this.directory.person((await this.store.consults.get(consultId))?.acceptedBy ?? '');
    if (!holder) return outcome;
    return { ok: false, refusal: { code: 'taken', message: `Dit consult is al geaccepteerd door ${holder.name} (${holder.discipline}).` } };
  }

  decline(person: Person, consultId: string, reason: string): Promise<Outcome> {
    return this.change(
      consultId,
      async (consult) => lifecycle.decline(consult, person.id, reason, this.clock(), await this.reachIn(consult)),
      (before, after, outbox) => this.announceOfferChanges(before, after, outbox),
    );
  }

  withdraw(person: Person, consultId: string, reason?: string): Promise<Outcome> {
    return this.change(consultId, (consult) => lifecycle.withdraw(consult, person.id, this.clock(), reason), async (before, after, outbox) => {
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
    const outcome = await this.change(consultId, (consult) => lifecycle.addMessage(consult, person.id, text, this.clock(), sourceId), async (_before, after, outbox) => {
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
    return this.change(consultId, (consult) => addSupplement(consult, person.id, text, this.clock(), file, sourceId), async (_before, after, outbox) => {
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
    return this.change(consultId, (consult) => lifecycle.addMessage(consult, person.id, text, this.clock(), sourceId, file), async (_before, after, outbox) => {
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
    return this.change(
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

  /**
   * A message of the outbox that the messenger did not take after all its retries: recorded with
   * the consult (the requester's card shows it) and told to the region's coordinators. A
   * coordinator alert or card update that fails in turn is recorded only, so a messenger that is
   * down does not make alerts about alerts.
   */
  async undeliverable(delivery: ConsultDelivery): Promise<void> {
    const personId = delivery.kind === 'cards' ? undefined : delivery.personId;
    if (!personId || (delivery.kind === 'notice' && delivery.notice === 'undelivered')) return;
    await this.change(
      delivery.consultId,
      (consult) => lifecycle.recordUndelivered(consult, { personId, at: this.clock().toISOString(), what: delivery.kind }),
      async (_before, after, outbox) => {
        await outbox.updateCards(after);
        for (const id of this.coordinatorsFor(after)) await outbox.notify(id, { kind: 'undelivered', consult: after, personId });
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

  /** Whether the bot can reach each person of this consult's plan, asked once per change. */
  private async reachIn(consult: Consult): Promise<(personId: string) => boolean> {
    const reachable = await this.notifier.reachable([...new Set(consult.plan.flatMap((step) => step.personIds))]);
    return (personId) => reachable.has(personId);
  }

  /** Offers a stored consult to its first step; when another process did so meanwhile, returns what it stored. */
  private async offerNext(consult: Consult): Promise<Consult> {
    const outcome = await this.change(
      consult.id,
      async (current) => (current.status === 'ingediend' ? lifecycle.offerToNextStep(current, this.clock(), await this.reachIn(current)) : { ok: false, refusal: { code: 'not-open', message: '' } }),
      (before, after, outbox) => this.announceOfferChanges(before, after, outbox),
    );
    return outcome.ok ? outcome.consult : ((await this.store.consults.get(consult.id)) ?? consult);
  }

  /**
   * Sends new offers; when the consult moved on, tells the requester once; tells the coordinators
   * whom the bot could not reach, and when the whole chain ran out. The requester never hears who
   * could not be reached.
   */
  private async announceOfferChanges(before: Consult, after: Consult, outbox: Announcer): Promise<void> {
    const added = after.offers.slice(before.offers.length);
    for (const offer of added.filter((o) => !o.outcome)) await outbox.sendOffer(after, offer.personId);
    await outbox.updateCards(after);
    // Standing offers of a repeated step are paged by the re-notifications, not a second time here.
    if (after.stepLog.length > before.stepLog.length && before.stepLog.length > 0) await outbox.notify(after.requesterId, { kind: 'escalated', consult: after });
    const coordinators = this.coordinatorsFor(after);
    const skipped = added.filter((o) => o.outcome === 'overgeslagen').map((o) => o.personId);
    if (skipped.length > 0) for (const id of coordinators) await outbox.notify(id, { kind: 'skipped', consult: after, personIds: skipped });
    if (after.exhaustedAt && !before.exhaustedAt) {
      for (const id of coordinators) await outbox.notify(id, { kind: 'exhausted', consult: after });
      await outbox.notify(after.requesterId, { kind: 'unanswered', consult: after });
    }
  }

  private coordinatorsFor(consult: Consult): string[] {
    const region = this.directory.regionOfSubRegion(consult.request.subRegionId);
    return this.directory.coordinatorsOf(region?.id ?? '').map((person) => person.id);
  }

  /**
   * Applies a transition with compare-and-set on the consult's version. When someone else changed
   * the consult in between, the transition is re-evaluated on the fresh version, so of two
   * simultaneous accepts exactly one wins and the other is told who has it.
   */
  private async change(
    consultId: string,
    transition: (consult: Consult) => Transitioned | Promise<Transitioned>,
    announce: (before: Consult, after: Consult, outbox: Announcer) => Promise<void>,
  ): Promise<Outcome> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.store.consults.get(consultId);
      if (!current) return { ok: false, refusal: { code: 'not-open', message: 'Dit consult bestaat niet (meer).' } };
      const result = await transition(current);
      if (!result.ok) return result;
      const stored = await this.store.transaction(async (tx) => {
        if ('contacts' in result) await tx.contacts.record(result.contacts);
        if (!(await tx.consults.replace(result.consult))) rollback();
        await this.stored(tx, current, result.consult, announce);
        return true;
      }).catch(conflictAsFalse);
      if (stored) {
        await deliverNow(this.store);
        return { ok: true, consult: result.consult };
      }
    }
    throw new Error(`consult ${consultId} kept changing; gave up after ${MAX_CONFLICT_RETRIES} attempts`);
  }

  /** What a stored change causes, stored with it: its messages in the outbox, and the job for its next deadline. */
  private async stored(tx: Repositories, before: Consult, after: Consult, announce: (before: Consult, after: Consult, outbox: Announcer) => Promise<void>): Promise<void> {
    const outbox = new OutboxRecorder();
    await announce(before, after, outbox);
    // One statement on PostgreSQL for the messages and the deadlines together.
    await tx.jobs.scheduleAll([...outbox.jobsFor(after), ...[stepJob(after), renotificationJob(after)].filter((job) => job !== undefined)]);
  }
}

/** The job for the consult's next re-notification, while it waits for an answer. */
function renotificationJob(consult: Consult, again = ''): JobRequest | undefined {
  const runAt = lifecycle.nextRenotificationAt(consult);
  if (!runAt) return undefined;
  const index = consult.renotified?.length ?? 0;
  return { queue: 'consult-renotify', key: `${consult.id}:${index}${again ? `:${again}` : ''}`, data: { consultId: consult.id, index }, runAt };
}

/** The job that runs when the consult's current step is over; none while no step waits. */
function stepJob(consult: Consult, again = ''): JobRequest | undefined {
  if (consult.status !== 'aangeboden' || !consult.stepDeadline) return undefined;
  return {
    queue: 'consult-step',
    key: `${consult.id}:${consult.stepIndex}:${consult.stepDeadline}${again ? `:${again}` : ''}`,
    data: { consultId: consult.id },
    runAt: new Date(consult.stepDeadline),
  };
}

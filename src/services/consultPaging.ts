import { recordUndelivered, type Consult } from '../domain/consult.js';
import type { NetworkDirectory } from '../domain/directory.js';
import { expire, nextRenotificationAt, offerToNextStep, renotify } from '../domain/paging.js';
import type { Storage } from '../store/store.js';
import { changeConsult, renotificationJob, stepJob, type Delivery } from './consultChanges.js';
import type { ConsultNotifier } from './consultService.js';
import type { Announcer, ConsultDelivery } from './outbox.js';

/**
 * Getting a consult answered: offering it to its plan, moving on when a step's wait is over,
 * re-notifying open offers, and telling the coordinators what reached nobody. The `consult-step`
 * and `consult-renotify` jobs, and the ticks after a restart, come here.
 */
export class ConsultPaging {
  constructor(
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly notifier: Pick<ConsultNotifier, 'reachable'>,
    private readonly clock: () => Date,
  ) {}

  /**
   * At start-up: offers what was stored but not yet offered, runs the steps and re-notifications
   * that fell due while no instance ran. Only the consults change here; their messages wait in
   * the outbox for the job worker, so an instance that starts while Teams does not answer is
   * ready at once and delivers when Teams is back.
   */
  async catchUp(): Promise<void> {
    await this.resumeUnoffered();
    await this.escalateDue('by-the-worker');
    await this.renotifyDue('by-the-worker');
  }

  /** Offers consults that were stored but not yet offered (the bot stopped in between); the worker sends the offers. */
  private async resumeUnoffered(): Promise<void> {
    for (const consult of await this.store.consults.open()) {
      if (consult.status === 'ingediend') await this.offerNext(consult, 'by-the-worker');
    }
  }

  /**
   * Moves every consult whose wait is over to its next step. Deadlines are stored with the
   * consult, so after a restart due steps run at once and future ones keep their time; the
   * compare-and-set makes a step run once even when two ticks overlap.
   */
  async escalateDue(delivery: Delivery = 'now'): Promise<number> {
    const now = this.clock();
    const due = (await this.store.consults.open()).filter((c) => c.status === 'aangeboden' && c.stepDeadline && Date.parse(c.stepDeadline) <= now.getTime());
    let moved = 0;
    for (const consult of due) if (await this.escalate(consult.id, delivery)) moved++;
    return moved;
  }

  /** Sends the re-notifications that are due, as `escalateDue` runs due steps (after a restart, or in tests). */
  async renotifyDue(delivery: Delivery = 'now'): Promise<number> {
    const now = this.clock().getTime();
    let sent = 0;
    for (const consult of await this.store.consults.open()) {
      const due = nextRenotificationAt(consult);
      if (due && due.getTime() <= now && (await this.renotify(consult.id, consult.renotified?.length ?? 0, delivery))) sent++;
    }
    return sent;
  }

  /**
   * Sends every open offer of this consult again: the `consult-renotify` job's work. `index` is
   * which re-notification this is, so a job that another instance already ran does nothing.
   */
  async renotify(consultId: string, index: number, delivery: Delivery = 'now'): Promise<boolean> {
    const consult = await this.store.consults.get(consultId);
    if (!consult || (consult.renotified?.length ?? 0) !== index) return false;
    const due = nextRenotificationAt(consult);
    if (!due) return false;
    if (due.getTime() > this.clock().getTime()) {
      await this.store.jobs.schedule(renotificationJob(consult, this.clock().toISOString())!);
      return false;
    }
    const outcome = await changeConsult(
      this.store,
      consultId,
      (current) => ((current.renotified?.length ?? 0) === index ? renotify(current, this.clock()) : { ok: false, refusal: { code: 'not-open', message: '' } }),
      async (_before, after, outbox) => {
        for (const personId of after.renotified!.at(-1)!.personIds) await outbox.notify(personId, { kind: 'reminder', consult: after });
        await outbox.updateCards(after);
      },
      delivery,
    );
    return outcome.ok;
  }

  /**
   * Runs a consult's due step: the `consult-step` job's work. Idempotent: a step that already ran
   * (on this instance or another) is a refusal here, and nothing happens. A job that finds its
   * step not yet due (another instance's clock runs ahead) waits for it in a new job.
   */
  async escalate(consultId: string, delivery: Delivery = 'now'): Promise<boolean> {
    const consult = await this.store.consults.get(consultId);
    if (consult?.status === 'aangeboden' && consult.stepDeadline && Date.parse(consult.stepDeadline) > this.clock().getTime()) {
      await this.store.jobs.schedule(stepJob(consult, this.clock().toISOString())!);
      return false;
    }
    const outcome = await changeConsult(
      this.store,
      consultId,
      async (current) => expire(current, this.clock(), await this.reachIn(current)),
      (before, after, outbox) => this.announceOfferChanges(before, after, outbox),
      delivery,
    );
    return outcome.ok;
  }

  /** Offers a stored consult to its first step; when another process did so meanwhile, returns what it stored. */
  async offerNext(consult: Consult, delivery: Delivery = 'now'): Promise<Consult> {
    const outcome = await changeConsult(
      this.store,
      consult.id,
      async (current) => (current.status === 'ingediend' ? offerToNextStep(current, this.clock(), await this.reachIn(current)) : { ok: false, refusal: { code: 'not-open', message: '' } }),
      (before, after, outbox) => this.announceOfferChanges(before, after, outbox),
      delivery,
    );
    return outcome.ok ? outcome.consult : ((await this.store.consults.get(consult.id)) ?? consult);
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
    await changeConsult(
      this.store,
      delivery.consultId,
      (consult) => recordUndelivered(consult, { personId, at: this.clock().toISOString(), what: delivery.kind }),
      async (_before, after, outbox) => {
        await outbox.updateCards(after);
        for (const id of this.coordinatorsFor(after)) await outbox.notify(id, { kind: 'undelivered', consult: after, personId });
      },
    );
  }

  /** Whether the bot can reach each person of this consult's plan, asked once per change. */
  async reachIn(consult: Consult): Promise<(personId: string) => boolean> {
    const reachable = await this.notifier.reachable([...new Set(consult.plan.flatMap((step) => step.personIds))]);
    return (personId) => reachable.has(personId);
  }

  /**
   * Sends new offers; when the consult moved on, tells the requester once; tells the coordinators
   * whom the bot could not reach, and when the whole chain ran out. The requester never hears who
   * could not be reached.
   */
  async announceOfferChanges(before: Consult, after: Consult, outbox: Announcer): Promise<void> {
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
}

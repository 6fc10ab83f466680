import { nextVersion, pendingOffers, refuse, type Consult, type Offer, type StepEntry, type Transition } from './consult.js';

/**
 * How an unanswered consult pages its offer plan, as pure functions: offering the next step,
 * moving on after a decline or a timeout, and sending open offers again until someone accepts.
 */

/**
 * Offers the consult to the next step of the plan that has someone in it: someone reachable who
 * is offered it now, or someone whose offer from an earlier pass is still open. People who cannot
 * be reached (the bot has no chat with them yet) are recorded as skipped, once, and the step
 * passes at once. After the last step the chain starts again, `paging.loops` times; when it has
 * run out, the consult stays open with every offer standing, and `exhaustedAt` says so.
 */
export function offerToNextStep(
  consult: Consult,
  now: Date,
  canReach: (personId: string) => boolean,
  trigger: StepEntry['trigger'] = 'request',
): Transition {
  if (consult.status !== 'ingediend' && consult.status !== 'aangeboden') {
    return refuse('not-open', 'Dit consult wordt niet meer aangeboden.');
  }
  const at = now.toISOString();
  const open = new Set(pendingOffers(consult).map((offer) => offer.personId));
  const declined = new Set(consult.offers.filter((offer) => offer.outcome === 'geweigerd').map((offer) => offer.personId));
  const skipped = new Set(consult.offers.filter((offer) => offer.outcome === 'overgeslagen').map((offer) => offer.personId));
  const offers = [...consult.offers];
  const loops = consult.paging?.loops ?? 0;
  let round = consult.round ?? 0;
  let from = consult.stepIndex + 1;
  for (;;) {
    for (let step = from; step < consult.plan.length; step++) {
      const { personIds, waitMinutes } = consult.plan[step]!;
      const candidates = personIds.filter((id) => id !== consult.requesterId && !declined.has(id));
      let present = candidates.some((id) => open.has(id));
      for (const personId of candidates.filter((id) => !open.has(id))) {
        if (canReach(personId)) {
          offers.push({ personId, step, offeredAt: at });
          open.add(personId);
          present = true;
        } else if (!skipped.has(personId)) {
          offers.push({ personId, step, offeredAt: at, outcome: 'overgeslagen', outcomeAt: at });
          skipped.add(personId);
        }
      }
      if (present) {
        const stepDeadline = waitMinutes ? new Date(now.getTime() + waitMinutes * 60_000).toISOString() : undefined;
        return nextVersion(consult, { status: 'aangeboden', stepIndex: step, round, stepDeadline, stepLog: [...consult.stepLog, { step, at, trigger, round }], offers });
      }
    }
    if (round >= loops) break;
    round++;
    from = 0;
    trigger = 'repeat';
  }
  return nextVersion(consult, { status: 'aangeboden', stepIndex: consult.plan.length - 1, round, stepDeadline: undefined, exhaustedAt: consult.exhaustedAt ?? at, offers });
}

/** Moves on when the current step's wait is over and nobody accepted; a no-op refusal before that. */
export function expire(consult: Consult, now: Date, canReach: (personId: string) => boolean): Transition {
  if (consult.status !== 'aangeboden' || !consult.stepDeadline || Date.parse(consult.stepDeadline) > now.getTime()) {
    return refuse('not-open', 'Dit consult hoeft nu niet verder te worden aangeboden.');
  }
  return offerToNextStep(consult, now, canReach, 'timeout');
}

/** Records the decline; when nobody in the current step is still deciding, moves on at once. */
export function decline(
  consult: Consult,
  personId: string,
  reason: string,
  now: Date,
  canReach: (personId: string) => boolean,
): Transition {
  const offer = pendingOffers(consult).find((o) => o.personId === personId);
  if (!offer || consult.status !== 'aangeboden') {
    return refuse('no-offer', `U heeft geen openstaand aanbod voor consult ${consult.ref}.`);
  }
  const at = now.toISOString();
  const offers = consult.offers.map((o): Offer => (o === offer ? { ...o, outcome: 'geweigerd', outcomeAt: at, reason } : o));
  const declined: Consult = { ...consult, offers };
  // Open offers of earlier steps stand, but only the current step's people hold the consult at this step.
  if (pendingOffers(declined).some((o) => o.step === consult.stepIndex) || consult.exhaustedAt) return nextVersion(consult, { offers });
  const moved = offerToNextStep(declined, now, canReach, 'decline');
  return moved.ok ? { ok: true, consult: { ...moved.consult, version: consult.version + 1 } } : moved;
}

/** Sends every open offer again (the re-notification every `paging.renotifyMinutes`); a refusal once nobody has one. */
export function renotify(consult: Consult, now: Date): Transition {
  const personIds = pendingOffers(consult).map((offer) => offer.personId);
  if (consult.status !== 'aangeboden' || personIds.length === 0) return refuse('not-open', `Consult ${consult.ref} wacht niet (meer) op een reactie.`);
  return nextVersion(consult, { renotified: [...(consult.renotified ?? []), { at: now.toISOString(), personIds }] });
}

/**
 * When the next re-notification is due: `renotifyMinutes` after the last one (or the first
 * offer). Counted from the last one sent, so after downtime one goes out, not a burst.
 */
export function nextRenotificationAt(consult: Consult): Date | undefined {
  const since = consult.renotified?.at(-1)?.at ?? consult.stepLog[0]?.at;
  if (!consult.paging || consult.status !== 'aangeboden' || !since) return undefined;
  return new Date(Date.parse(since) + consult.paging.renotifyMinutes * 60_000);
}

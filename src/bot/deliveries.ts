import type { TurnContext } from 'botbuilder';
import { activityKey } from '../store/activityClaims.js';
import type { ActivityClaims } from '../store/store.js';

/**
 * How long a claim is kept. The Bot Framework redelivers an activity within minutes of sending
 * it, never days later, so a week covers any redelivery, also across a long outage, while keeping
 * the claims folder small.
 */
export const CLAIM_KEEP_DAYS = 7;
const SWEEP_EVERY_MS = 60 * 60_000;

/** The ids that tell a redelivery: activity ids are unique only within their conversation. */
function idsOf(context: TurnContext): { conversationId: string; activityId: string } | undefined {
  const conversationId: unknown = context.activity.conversation?.id;
  const activityId: unknown = context.activity.id;
  return typeof conversationId === 'string' && conversationId && typeof activityId === 'string' && activityId ? { conversationId, activityId } : undefined;
}

/** The idempotency key of this activity, for state that records what it came from (a relayed message). */
export function sourceIdOf(context: TurnContext): string | undefined {
  const ids = idsOf(context);
  return ids && activityKey(ids.conversationId, ids.activityId);
}

/**
 * Every message and card action is handled once per (conversation id, activity id): the claim is
 * written durably before any effect, in the store's folder, so a restarted bot and any other
 * instance on the same store see it too.
 */
export class Deliveries {
  private lastSweep = 0;

  constructor(private readonly claims: ActivityClaims) {}

  /** True for the first delivery of an activity; false for a redelivery, which must change nothing. */
  async isFirst(context: TurnContext): Promise<boolean> {
    const ids = idsOf(context);
    return ids ? this.claims.claim(ids.conversationId, ids.activityId) : true;
  }

  /** Forgets claims older than CLAIM_KEEP_DAYS, at most once an hour (called from the periodic tick). */
  async sweep(now = new Date()): Promise<void> {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    await this.claims.prune(new Date(now.getTime() - CLAIM_KEEP_DAYS * 24 * 60 * 60_000));
  }
}

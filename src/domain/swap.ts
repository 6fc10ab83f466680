import { z } from 'zod/v4';
import { POSITIONS, TIERS, type Shift } from './roster.js';

/**
 * Shift swaps proposed in chat: a specialist asks a colleague of the same roster to take one of
 * their shifts. The colleague accepts or declines; where the region says so a coordinator
 * approves too. An approved swap is a roster override (the highest tier) for that shift.
 *
 *   voorgesteld → (colleague accepts) → wacht-op-coordinator → goedgekeurd
 *               ↘ afgewezen (colleague declines)           ↘ afgekeurd (coordinator)
 *   voorgesteld → goedgekeurd when no approval is needed
 */

export const SWAP_STATUSES = ['voorgesteld', 'wacht-op-coordinator', 'goedgekeurd', 'afgewezen', 'afgekeurd'] as const;
export type SwapStatus = (typeof SWAP_STATUSES)[number];

export const SwapSchema = z.object({
  id: z.string(),
  version: z.number().int().min(1),
  rosterId: z.string(),
  regionId: z.string(),
  proposerId: z.string(),
  colleagueId: z.string(),
  position: z.enum(POSITIONS),
  start: z.number().int(),
  end: z.number().int(),
  needsApproval: z.boolean(),
  status: z.enum(SWAP_STATUSES),
  proposedAt: z.iso.datetime({ offset: true }),
  decidedBy: z.string().optional(),
  decidedAt: z.iso.datetime({ offset: true }).optional(),
});
export type Swap = z.infer<typeof SwapSchema>;

export type SwapChange = { ok: true; swap: Swap } | { ok: false; message: string };

const next = (swap: Swap, fields: Partial<Swap>): SwapChange => ({ ok: true, swap: { ...swap, ...fields, version: swap.version + 1 } });

/** The colleague's answer: accepting makes it an override at once, or waits for the coordinator. */
export function answerSwap(swap: Swap, personId: string, accept: boolean, now: Date): SwapChange {
  if (personId !== swap.colleagueId) return { ok: false, message: 'Deze ruil is niet aan u gevraagd. Er is niets gewijzigd.' };
  if (swap.status !== 'voorgesteld') return { ok: false, message: `Op deze ruil is al geantwoord (${swap.status}). Er is niets gewijzigd.` };
  if (swap.start <= now.getTime()) return { ok: false, message: 'Deze dienst is al begonnen; ruilen kan niet meer. Er is niets gewijzigd.' };
  const decided = { decidedBy: personId, decidedAt: now.toISOString() };
  if (!accept) return next(swap, { status: 'afgewezen', ...decided });
  return next(swap, { status: swap.needsApproval ? 'wacht-op-coordinator' : 'goedgekeurd', ...decided });
}

/** The coordinator's decision on a swap both specialists agreed to. */
export function decideSwap(swap: Swap, coordinatorId: string, approve: boolean, now: Date): SwapChange {
  if (swap.status !== 'wacht-op-coordinator') return { ok: false, message: `Deze ruil wacht niet (meer) op goedkeuring (${swap.status}). Er is niets gewijzigd.` };
  return next(swap, { status: approve ? 'goedgekeurd' : 'afgekeurd', decidedBy: coordinatorId, decidedAt: now.toISOString() });
}

/** The roster override an approved swap makes: the colleague on the proposer's shift. */
export function overrideOf(swap: Swap): Shift {
  return { start: swap.start, end: swap.end, personId: swap.colleagueId, position: swap.position, tier: TIERS.override, note: `ruil met ${swap.proposerId}` };
}

/** How a swap's state reads to the people in it. */
export const SWAP_STATUS_LABELS: Record<SwapStatus, string> = {
  voorgesteld: 'voorgesteld, wacht op antwoord van uw collega',
  'wacht-op-coordinator': 'geaccepteerd, wacht op goedkeuring van de coördinator',
  goedgekeurd: 'rond: het rooster is aangepast',
  afgewezen: 'afgewezen door de collega',
  afgekeurd: 'niet goedgekeurd door de coördinator',
};

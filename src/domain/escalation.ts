import { z } from 'zod/v4';
import type { OfferStep } from './consult.js';
import { URGENCIES } from './consultRequest.js';
import type { OnCall } from './roster.js';

/**
 * Escalation chains as data: per urgency, whom to notify and how long to wait before moving on.
 * After the last step's wait, the requester gets the region's fallback instruction.
 */

export const EscalationStepSchema = z.object({
  notify: z.enum(['primary', 'backup', 'pool']),
  waitMinutes: z.number().int().min(1).max(7 * 24 * 60),
});
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

const chain = z.array(EscalationStepSchema).min(1);

const DEFAULT_CHAINS = {
  spoed: [
    { notify: 'primary', waitMinutes: 5 },
    { notify: 'backup', waitMinutes: 5 },
    { notify: 'pool', waitMinutes: 10 },
  ],
  vandaag: [
    { notify: 'primary', waitMinutes: 30 },
    { notify: 'backup', waitMinutes: 30 },
    { notify: 'pool', waitMinutes: 60 },
  ],
  'deze-week': [
    { notify: 'primary', waitMinutes: 240 },
    { notify: 'backup', waitMinutes: 240 },
    { notify: 'pool', waitMinutes: 480 },
  ],
} satisfies Record<(typeof URGENCIES)[number], EscalationStep[]>;

export const EscalationSchema = z
  .object({ spoed: chain, vandaag: chain, 'deze-week': chain })
  .default(DEFAULT_CHAINS);
export type EscalationChains = z.infer<typeof EscalationSchema>;

/**
 * How an unanswered consult keeps paging: open offers are sent again every `renotifyMinutes`
 * (per urgency), and after the last step the chain starts again, `loops` times.
 */
export const PagingSchema = z
  .object({
    renotifyMinutes: z
      .object({
        spoed: z.number().int().min(1).max(24 * 60),
        vandaag: z.number().int().min(1).max(24 * 60),
        'deze-week': z.number().int().min(1).max(7 * 24 * 60),
      })
      .default({ spoed: 2, vandaag: 15, 'deze-week': 240 }),
    loops: z.number().int().min(0).max(10).default(2),
  })
  .prefault({});
export type PagingConfig = z.infer<typeof PagingSchema>;

/** Names of the roles a step addresses, shown to the requester next to the person it resolved to. */
export interface StepLabels {
  primary: string;
  backup: string;
  pool: string;
}

/**
 * Resolves a chain to people at the moment of the request. The result is stored with the consult,
 * so a roster edit afterwards does not change an escalation already running. "pool" means every
 * specialist in scope not already in an earlier step, all at once.
 */
export function resolveChain(steps: EscalationStep[], onCall: OnCall, poolSpecialists: string[], labels: StepLabels): OfferStep[] {
  const used = new Set<string>();
  return steps.map((step) => {
    const candidates =
      step.notify === 'primary' ? (onCall.primary ? [onCall.primary] : []) : step.notify === 'backup' ? onCall.backups : poolSpecialists;
    const personIds = candidates.filter((id) => !used.has(id));
    personIds.forEach((id) => used.add(id));
    return { label: labels[step.notify], personIds, waitMinutes: step.waitMinutes };
  });
}

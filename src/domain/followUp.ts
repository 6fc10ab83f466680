import type { Consult, OfferStep } from './consult.js';

export const SAME_SPECIALIST_LABEL = 'Specialist PZ van het vorige consult';

/**
 * The offer plan of a follow-up question: the specialist who answered the first consult comes
 * first when they are on duty now (primary or backup), with the wait of the step they are in;
 * otherwise the plan is the usual one. They are not asked twice: a later step skips whoever was
 * already offered the consult.
 *
 * @example sameSpecialistFirst([{ label: 'Dienstdoende', personIds: ['els'], waitMinutes: 5 }, …], 'els', ['els'])
 *          // → [{ label: 'Specialist PZ van het vorige consult', personIds: ['els'], waitMinutes: 5 }, …]
 */
export function sameSpecialistFirst(plan: OfferStep[], specialistId: string | undefined, onDuty: readonly string[]): OfferStep[] {
  if (!specialistId || !onDuty.includes(specialistId)) return plan;
  const step = plan.find((s) => s.personIds.includes(specialistId));
  if (!step) return plan;
  return [{ label: SAME_SPECIALIST_LABEL, personIds: [specialistId], ...(step.waitMinutes ? { waitMinutes: step.waitMinutes } : {}) }, ...plan];
}

/** Whether `person` may ask a follow-up to this consult: its requester, once it is closed. */
export const mayFollowUp = (consult: Consult, personId: string): boolean => consult.status === 'afgerond' && consult.requesterId === personId;

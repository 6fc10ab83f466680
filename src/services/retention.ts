import { purgeFreeText } from '../domain/consult.js';
import type { Repositories } from '../store/store.js';

const DAY_MS = 86_400_000;

/**
 * The retention rule: the free text of consults closed more than `retentionDays` ago goes, and
 * so do ACP summaries imported before then (a newer import replaces them anyway). The contact
 * log and every count the statistics use stay.
 */
export async function purgeExpired(store: Pick<Repositories, 'consults' | 'acps'>, retentionDays: number, now: Date): Promise<{ cutoff: Date; consults: number; acps: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const consults = await store.consults.purgeClosedBefore(cutoff, (consult) => purgeFreeText(consult, now));
  const acps = await store.acps.purgeImportedBefore(cutoff);
  return { cutoff, consults, acps };
}

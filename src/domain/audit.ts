import { createHash } from 'node:crypto';

/**
 * The audit trail, in the spirit of NEN 7513: who accessed or changed which patient's data,
 * when, through which channel, and with what result. Entries form a hash chain: each carries the
 * hash of the one before, so a changed or removed entry breaks the chain.
 */

export type AuditResult = 'toegestaan' | 'geweigerd' | 'mislukt';

export interface AuditFact {
  at: string;
  actorId: string;
  actorRole: string;
  /** What was done, e.g. `consult.view`, `consult.accept`, `acp.view`. */
  action: string;
  result: AuditResult;
  patientRef?: string;
  /** The object acted on, e.g. a consult id. */
  objectId?: string;
  channel: string;
  tenantId?: string;
  detail?: string;
}

export interface AuditEntry extends AuditFact {
  sequence: number;
  previousHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Field order is fixed so the same fact always hashes the same. */
function canonical(entry: Omit<AuditEntry, 'hash'>): string {
  const { sequence, previousHash, at, actorId, actorRole, action, result, patientRef, objectId, channel, tenantId, detail } = entry;
  return JSON.stringify([sequence, previousHash, at, actorId, actorRole, action, result, patientRef ?? null, objectId ?? null, channel, tenantId ?? null, detail ?? null]);
}

export function chainEntry(fact: AuditFact, previous: Pick<AuditEntry, 'sequence' | 'hash'> | undefined): AuditEntry {
  const unsealed = { ...fact, sequence: (previous?.sequence ?? 0) + 1, previousHash: previous?.hash ?? GENESIS_HASH };
  return { ...unsealed, hash: createHash('sha256').update(canonical(unsealed)).digest('hex') };
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; entries: number; sequence: number; problem: string };

/** Walks the chain in order; the first break is reported with where it is. */
export function verifyChain(entries: Iterable<AuditEntry>): ChainCheck {
  let previous: AuditEntry | undefined;
  let count = 0;
  for (const entry of entries) {
    count++;
    const expectedSequence = (previous?.sequence ?? 0) + 1;
    if (entry.sequence !== expectedSequence) {
      return { ok: false, entries: count, sequence: expectedSequence, problem: `regel ${expectedSequence} ontbreekt (gevonden: ${entry.sequence})` };
    }
    if (entry.previousHash !== (previous?.hash ?? GENESIS_HASH)) {
      return { ok: false, entries: count, sequence: entry.sequence, problem: `regel ${entry.sequence} sluit niet aan op de vorige` };
    }
    const { hash, ...unsealed } = entry;
    if (createHash('sha256').update(canonical(unsealed)).digest('hex') !== hash) {
      return { ok: false, entries: count, sequence: entry.sequence, problem: `regel ${entry.sequence} is gewijzigd` };
    }
    previous = entry;
  }
  return { ok: true, entries: count };
}

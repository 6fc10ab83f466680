import { createHmac } from 'node:crypto';
import { z } from 'zod/v4';

/**
 * The audit trail, in the spirit of NEN 7513: who accessed or changed which patient's data,
 * when, through which channel, and with what result. Entries form a keyed chain: each carries an
 * HMAC-SHA256 (with `AUDIT_KEY`) over its content and the previous entry's HMAC, so a changed or
 * removed entry breaks the chain, and nobody without the key can recompute it after an edit.
 * Signed checkpoints (the entry count and the head HMAC) kept apart from the trail show a cut
 * tail, an emptied file or a deleted trail, which a chain alone cannot.
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
  /** HMAC-SHA256 with `AUDIT_KEY` over the entry, including `previousHash`. */
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

const HEX64 = z.string().regex(/^[0-9a-f]{64}$/);

const AuditEntrySchema = z.object({
  at: z.string(),
  actorId: z.string(),
  actorRole: z.string(),
  action: z.string(),
  result: z.enum(['toegestaan', 'geweigerd', 'mislukt']),
  patientRef: z.string().optional(),
  objectId: z.string().optional(),
  channel: z.string(),
  tenantId: z.string().optional(),
  detail: z.string().optional(),
  sequence: z.number().int().min(1),
  previousHash: HEX64,
  hash: HEX64,
});

/** How far the trail had grown when it was last acknowledged, signed so it cannot be lowered unseen. */
export interface AuditCheckpoint {
  count: number;
  /** The HMAC of entry `count`, or the genesis hash for an empty trail. */
  head: string;
  /** The time of entry `count`. */
  at: string;
  signature: string;
}

export const AuditCheckpointSchema = z.object({ count: z.number().int().min(0), head: HEX64, at: z.string(), signature: HEX64 });

const mac = (key: string, text: string): string => createHmac('sha256', key).update(text).digest('hex');

/** Field order is fixed so the same fact always gives the same HMAC. */
function canonical(entry: Omit<AuditEntry, 'hash'>): string {
  const { sequence, previousHash, at, actorId, actorRole, action, result, patientRef, objectId, channel, tenantId, detail } = entry;
  return JSON.stringify([sequence, previousHash, at, actorId, actorRole, action, result, patientRef ?? null, objectId ?? null, channel, tenantId ?? null, detail ?? null]);
}

export function chainEntry(fact: AuditFact, previous: Pick<AuditEntry, 'sequence' | 'hash'> | undefined, key: string): AuditEntry {
  const unsealed = { ...fact, sequence: (previous?.sequence ?? 0) + 1, previousHash: previous?.hash ?? GENESIS_HASH };
  return { ...unsealed, hash: mac(key, canonical(unsealed)) };
}

/** The label keeps a checkpoint signature from ever being mistaken for an entry's HMAC. */
const checkpointText = (count: number, head: string, at: string): string => JSON.stringify(['audit-checkpoint', count, head, at]);

export function signCheckpoint(last: Pick<AuditEntry, 'sequence' | 'hash' | 'at'> | undefined, key: string): AuditCheckpoint {
  const [count, head, at] = last ? [last.sequence, last.hash, last.at] : [0, GENESIS_HASH, ''];
  return { count, head, at, signature: mac(key, checkpointText(count, head, at)) };
}

/** One line of the trail as stored, with where it is, for the message that names it. */
export interface TrailLine {
  text: string;
  /** e.g. `regel 3 van audit/2026-11.jsonl`. */
  where: string;
}

/** A checkpoint to hold the trail against, and what to call it; `undefined` when it is missing. */
export interface CheckpointToCheck {
  label: string;
  checkpoint: AuditCheckpoint | undefined;
}

export type ChainCheck =
  | { ok: true; entries: number; note?: string }
  | { ok: false; entries: number; problem: string };

export function parseEntry(text: string): AuditEntry | undefined {
  try {
    const parsed = AuditEntrySchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as AuditEntry) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Walks the trail in order and holds it against each checkpoint; the first problem is reported
 * with where it is. `tornTail`: the last line had no newline yet (an append in progress, or a
 * crash in the middle of one); it is left out of `lines` and is only a problem when a checkpoint
 * counts it.
 */
export function verifyTrail(lines: Iterable<TrailLine>, key: string, checkpoints: CheckpointToCheck[], tornTail?: string): ChainCheck {
  const bad = (entries: number, problem: string): ChainCheck => ({ ok: false, entries, problem });
  const heads: string[] = [GENESIS_HASH];
  let previous: AuditEntry | undefined;
  let lastWhere = '';
  for (const line of lines) {
    const entry = parseEntry(line.text);
    const count = previous?.sequence ?? 0;
    if (!entry) return bad(count, `${line.where} is geen geldige auditregel`);
    if (entry.sequence !== count + 1) return bad(count, `${line.where}: vermelding ${count + 1} ontbreekt (gevonden: vermelding ${entry.sequence})`);
    if (entry.previousHash !== (previous?.hash ?? GENESIS_HASH)) return bad(count, `${line.where} (vermelding ${entry.sequence}) sluit niet aan op de vorige`);
    const { hash, ...unsealed } = entry;
    if (mac(key, canonical(unsealed)) !== hash) return bad(count, `${line.where} (vermelding ${entry.sequence}) is gewijzigd, of niet met deze AUDIT_KEY vastgelegd`);
    previous = entry;
    lastWhere = line.where;
    heads.push(hash);
  }
  const count = previous?.sequence ?? 0;
  for (const { label, checkpoint } of checkpoints) {
    if (!checkpoint) {
      if (count > 0) return bad(count, `${label} ontbreekt, terwijl de audittrail ${count} vermeldingen heeft`);
      continue;
    }
    if (mac(key, checkpointText(checkpoint.count, checkpoint.head, checkpoint.at)) !== checkpoint.signature) {
      return bad(count, `${label} is niet met deze AUDIT_KEY ondertekend`);
    }
    if (checkpoint.count > count) {
      const where = count === 0 ? 'de audittrail is leeg of verwijderd' : `de audittrail is ingekort na ${lastWhere} (vermelding ${count})`;
      return bad(count, `${where}: ${label} van ${checkpoint.at} telt ${checkpoint.count} vermeldingen${tornTail ? `; ${tornTail} is onvolledig` : ''}`);
    }
    if (heads[checkpoint.count] !== checkpoint.head) {
      return bad(checkpoint.count - 1, `vermelding ${checkpoint.count} is een andere dan bij ${label} van ${checkpoint.at}: de keten is herschreven`);
    }
  }
  return tornTail ? { ok: true, entries: count, note: `${tornTail} is onvolledig en nooit bevestigd` } : { ok: true, entries: count };
}

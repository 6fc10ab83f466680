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

/**
 * What a signature vouches for: `checkpoint`, how far the trail had grown when it was last
 * acknowledged; `verified`, how far start-up has already walked the chain (PostgreSQL keeps one,
 * so a start walks only what came after; the file store's mark, which also says where in the
 * files, is signed in src/store/auditMark.ts). The label keeps either from passing for the other, and
 * any signature from being mistaken for an entry's HMAC.
 */
export type CheckpointPurpose = 'checkpoint' | 'verified';

const checkpointText = (purpose: CheckpointPurpose, count: number, head: string, at: string): string =>
  JSON.stringify(purpose === 'checkpoint' ? ['audit-checkpoint', count, head, at] : ['audit-verified', count, head, at]);

export function signCheckpoint(last: Pick<AuditEntry, 'sequence' | 'hash' | 'at'> | undefined, key: string, purpose: CheckpointPurpose = 'checkpoint'): AuditCheckpoint {
  const [count, head, at] = last ? [last.sequence, last.hash, last.at] : [0, GENESIS_HASH, ''];
  return { count, head, at, signature: mac(key, checkpointText(purpose, count, head, at)) };
}

export function checkpointSigned(checkpoint: AuditCheckpoint, key: string, purpose: CheckpointPurpose = 'checkpoint'): boolean {
  return mac(key, checkpointText(purpose, checkpoint.count, checkpoint.head, checkpoint.at)) === checkpoint.signature;
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

/** Where a walk along the chain starts: just after this entry, or at the genesis. */
export type ChainPoint = Pick<AuditEntry, 'sequence' | 'hash' | 'at'>;

export type ChainWalk =
  | { ok: true; last: ChainPoint | undefined; lastWhere: string }
  | { ok: false; entries: number; problem: string };

/**
 * Walks lines in order from `start`, checking that each entry is the next one, links to the one
 * before and carries its own HMAC; the first problem is reported with where it is. `seen` gets
 * every entry that passed, so a caller can keep the HMACs its checkpoints ask about.
 */
export function walkChain(lines: Iterable<TrailLine>, key: string, start?: ChainPoint, seen?: (entry: AuditEntry) => void): ChainWalk {
  const bad = (entries: number, problem: string): ChainWalk => ({ ok: false, entries, problem });
  let previous = start;
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
    seen?.(entry);
  }
  return { ok: true, last: previous, lastWhere };
}

/** A walked trail: how many entries it has, where its last one is, and the HMAC of entry `n` (the genesis hash for 0). */
export interface WalkedTrail {
  count: number;
  lastWhere: string;
  headAt(count: number): string | undefined;
}

/**
 * Holds a walked trail against each checkpoint: signed with the key, not counting more entries
 * than there are, and naming the same entry as the trail does at its count. `tornTail`: the last
 * line had no newline yet; it is only a problem when a checkpoint counts it.
 */
export function holdAgainstCheckpoints(trail: WalkedTrail, key: string, checkpoints: CheckpointToCheck[], tornTail?: string): ChainCheck {
  const { count, lastWhere } = trail;
  const bad = (entries: number, problem: string): ChainCheck => ({ ok: false, entries, problem });
  for (const { label, checkpoint } of checkpoints) {
    if (!checkpoint) {
      if (count > 0) return bad(count, `${label} ontbreekt, terwijl de audittrail ${count} vermeldingen heeft`);
      continue;
    }
    if (!checkpointSigned(checkpoint, key)) return bad(count, `${label} is niet met deze AUDIT_KEY ondertekend`);
    if (checkpoint.count > count) {
      const where = count === 0 ? 'de audittrail is leeg of verwijderd' : `de audittrail is ingekort na ${lastWhere} (vermelding ${count})`;
      return bad(count, `${where}: ${label} van ${checkpoint.at} telt ${checkpoint.count} vermeldingen${tornTail ? `; ${tornTail} is onvolledig` : ''}`);
    }
    if (trail.headAt(checkpoint.count) !== checkpoint.head) {
      return bad(checkpoint.count - 1, `vermelding ${checkpoint.count} is een andere dan bij ${label} van ${checkpoint.at}: de keten is herschreven`);
    }
  }
  return tornTail ? { ok: true, entries: count, note: `${tornTail} is onvolledig en nooit bevestigd` } : { ok: true, entries: count };
}

/** Walks the whole trail and holds it against each checkpoint (see walkChain and holdAgainstCheckpoints). */
export function verifyTrail(lines: Iterable<TrailLine>, key: string, checkpoints: CheckpointToCheck[], tornTail?: string): ChainCheck {
  const heads: string[] = [GENESIS_HASH];
  const walk = walkChain(lines, key, undefined, (entry) => heads.push(entry.hash));
  if (!walk.ok) return walk;
  return holdAgainstCheckpoints({ count: walk.last?.sequence ?? 0, lastWhere: walk.lastWhere, headAt: (n) => heads[n] }, key, checkpoints, tornTail);
}

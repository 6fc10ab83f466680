import { createHmac } from 'node:crypto';
import { z } from 'zod/v4';
import { signCheckpoint, type AuditCheckpoint } from '../domain/audit.js';
import { DurableJsonFile, StoreCorruptError } from './durableJsonFile.js';

/** Where the file trail keeps its verified mark: beside the audit folder, like the checkpoint. */
export const MARK_FILE = 'audit-verified.json';

/** Where a line of the trail starts: its month file, the byte offset in that file, and its line number there. */
export interface TrailPosition {
  file: string;
  offset: number;
  line: number;
}

/**
 * A month file as it was read: its size in bytes, and its inode change time (nanoseconds, from a
 * stat taken before the read). Any write to the file moves the change time, and no user can set it
 * back (touch sets the modification time, not this one); a copy or restore moves it too.
 */
export interface MonthFile {
  name: string;
  bytes: number;
  changed: string;
}

const HEX64 = z.string().regex(/^[0-9a-f]{64}$/);

const VerifiedMarkSchema = z.object({
  count: z.number().int().min(1),
  head: HEX64,
  at: z.string(),
  file: z.string().regex(/^\d{4}-\d{2}\.jsonl$/),
  offset: z.number().int().min(0),
  line: z.number().int().min(1),
  earlier: z.array(z.object({ name: z.string(), bytes: z.number().int().min(0), changed: z.string().regex(/^\d+$/) })),
  signature: HEX64,
});

/**
 * How far the file trail has been walked and found in order (by a start or a full verify), and
 * what start-up holds the files against instead of reading them again: entry `count` (its HMAC
 * `head`) starts at `offset` of `file`, at line `line`, and every month file before `file` was as
 * in `earlier`. A month file no longer grows once the next one has begun, so an earlier file that
 * is gone, added, cut, lengthened or written to at all shows in its size or change time; a line
 * removed or inserted before the mark in `file` moves the mark's entry off its offset; and a chain
 * rehashed from an edit before the mark no longer has `head` there.
 */
export type VerifiedMark = z.infer<typeof VerifiedMarkSchema>;

/** Its own label, so a mark's signature can pass for no checkpoint and no entry's HMAC. */
function markSignature(mark: Omit<VerifiedMark, 'signature'>, key: string): string {
  const text = JSON.stringify(['audit-verified-file', mark.count, mark.head, mark.at, mark.file, mark.offset, mark.line, mark.earlier.map(({ name, bytes, changed }) => [name, bytes, changed])]);
  return createHmac('sha256', key).update(text).digest('hex');
}

export function signMark(mark: Omit<VerifiedMark, 'signature'>, key: string): VerifiedMark {
  return { ...mark, signature: markSignature(mark, key) };
}

/** The mark as a checkpoint to hold a whole walk against: the trail must still hold entry `count`, with the same HMAC. */
export function markAsCheckpoint(mark: VerifiedMark, key: string): AuditCheckpoint {
  return signCheckpoint({ sequence: mark.count, hash: mark.head, at: mark.at }, key);
}

/** `unusable`: why a mark that is there was set aside. */
export interface MarkOnDisk {
  mark: VerifiedMark | undefined;
  unusable?: string;
}

/** The stored mark when it is there and signed with `key`; one that is not is no reason to skip anything, so it is only named. */
export async function readMark(file: DurableJsonFile<unknown>, key: string): Promise<MarkOnDisk> {
  let raw: unknown;
  try {
    raw = await file.read();
  } catch (error) {
    if (error instanceof StoreCorruptError) return { mark: undefined, unusable: `het verificatiepunt ${MARK_FILE} is onleesbaar` };
    throw error;
  }
  if (raw === null) return { mark: undefined };
  const parsed = VerifiedMarkSchema.safeParse(raw);
  if (!parsed.success) return { mark: undefined, unusable: `het verificatiepunt ${MARK_FILE} is onleesbaar` };
  if (markSignature(parsed.data, key) !== parsed.data.signature) return { mark: undefined, unusable: `het verificatiepunt ${MARK_FILE} is niet met deze AUDIT_KEY ondertekend` };
  return { mark: parsed.data };
}

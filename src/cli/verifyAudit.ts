import { readFile } from 'node:fs/promises';
import { readEnvSubset } from '../config/env.js';
import { AuditCheckpointSchema, type AuditCheckpoint, type CheckpointToCheck } from '../domain/audit.js';
import { FileAuditTrail } from '../store/auditLog.js';
import { PostgresStore } from '../store/postgres/postgresStore.js';
import { runCommand, TaskFailed, UsageError } from './command.js';

/**
 * npm run audit:verify [-- --checkpoint <file>] — walks the whole trail (in the database with
 * DATABASE_URL, else in STORE_DIR) and holds it against its stored checkpoint and against a copy
 * kept elsewhere. Exit 0: in order; 1: not in order, naming the first bad
 * entry; 2: it could not be checked (usage, settings, an unreadable copy).
 */
const USAGE = 'Gebruik: npm run audit:verify [-- --checkpoint <bestand>] (een kopie van audit-checkpoint.json, of een logbestand met "audit checkpoint"-regels).';

/** A checkpoint file, or log lines carrying `auditCheckpoint`: the one with the highest count. */
async function checkpointFrom(file: string): Promise<CheckpointToCheck> {
  const text = await readFile(file, 'utf8');
  let best: AuditCheckpoint | undefined;
  for (const candidate of [text, ...text.split('\n')]) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      continue;
    }
    const found = AuditCheckpointSchema.safeParse((parsed as { auditCheckpoint?: unknown } | null)?.auditCheckpoint ?? parsed);
    if (found.success && found.data.count >= (best?.count ?? -1)) best = found.data;
  }
  if (!best) throw new UsageError(`Geen controlepunt gevonden in ${file}.`);
  return { label: `het controlepunt in ${file}`, checkpoint: best };
}

async function verifyInDatabase(url: string, key: string, external: CheckpointToCheck[]) {
  const store = await PostgresStore.open(url);
  try {
    return await store.auditTrailReader(key).verify(external);
  } finally {
    await store.close();
  }
}

await runCommand({ usage: USAGE, options: { checkpoint: { type: 'string' } } }, async ({ values }) => {
  const { STORE_DIR, AUDIT_KEY, DATABASE_URL } = readEnvSubset(['STORE_DIR', 'AUDIT_KEY', 'DATABASE_URL']);
  const external = typeof values.checkpoint === 'string' ? [await checkpointFrom(values.checkpoint)] : [];
  const check = DATABASE_URL ? await verifyInDatabase(DATABASE_URL, AUDIT_KEY, external) : await FileAuditTrail.reader(STORE_DIR, AUDIT_KEY).verify(external);
  if (!check.ok) throw new TaskFailed(`Audittrail NIET in orde: ${check.problem}. Meld dit bij de functionaris gegevensbescherming.`);
  const copy = external.length ? ' en met de kopie van elders' : '';
  console.log(`Audittrail in orde: ${check.entries} vermeldingen, keten onverbroken, klopt met het controlepunt${copy}.${check.note ? ` Let op: ${check.note}.` : ''}`);
});

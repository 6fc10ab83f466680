import { stat } from 'node:fs/promises';
import { readEnvSubset } from '../config/env.js';
import { AuditTrailBrokenError, FileAuditTrail } from '../store/auditLog.js';
import { fileSnapshot, type Aggregate } from '../store/file/snapshot.js';
import { FileStore } from '../store/fileStore.js';
import { adoptRecords, AdoptionRefused, type AggregateTally } from '../store/postgres/adoption.js';
import { safeLocation } from '../store/postgres/migrate.js';
import { createPool, PostgresStore } from '../store/postgres/postgresStore.js';
import { runCommand, TaskFailed, UsageError } from './command.js';

/**
 * npm run store:migrate -- --from <file store folder> --to <postgres://…> — moves a network from
 * the embedded file store to PostgreSQL: every record of every aggregate, the exports still
 * waiting for download, and the audit trail with its chain and checkpoint. Counts and a content
 * hash per aggregate are compared on both sides and printed. Running it again adds nothing; a
 * database that holds other records under the same keys is refused, and nothing is written.
 * Exit 0: moved; 1: refused or not the same afterwards; 2: a wrong call or setting.
 */
const USAGE = 'Gebruik: npm run store:migrate -- --from <map van de bestandsopslag> --to <postgres://…> (met AUDIT_KEY in .env of in de omgeving; stop de bot eerst).';

const LABELS: Record<Aggregate, string> = {
  consults: 'consulten',
  contacts: 'contactregistraties',
  acps: 'ACP-samenvattingen',
  deaths: 'overlijdens',
  mdoSeries: 'MDO-reeksen',
  mdoMeetings: 'MDO-bijeenkomsten',
  rosters: 'roosterimports',
  channelAddresses: 'kanaaladressen',
  cardHandles: 'kaartverwijzingen',
  activities: 'ontvangen activiteiten',
  downloads: 'downloads',
};

const short = (hash: string) => hash.slice(0, 16);

function tallyLine({ aggregate, inSource, inTarget, added, sourceHash }: AggregateTally): string {
  return `  ${LABELS[aggregate]}: ${inSource} in de bron, ${inTarget} in de database (${added} nieuw), sha256 ${short(sourceHash)}`;
}

function refusal(error: AdoptionRefused): string {
  const parts = [...error.differing].map(([aggregate, keys]) => `${LABELS[aggregate]} (${keys.length}, bijvoorbeeld ${keys[0]})`);
  return `De database heeft andere gegevens onder dezelfde sleutels: ${parts.join(', ')}. Er is niets gekopieerd; kies een lege database, of zoek eerst uit welke gegevens kloppen.`;
}

await runCommand({ usage: USAGE, options: { from: { type: 'string' }, to: { type: 'string' } } }, async ({ values }) => {
  const { from, to } = values;
  if (typeof from !== 'string' || typeof to !== 'string') throw new UsageError('Geef zowel --from als --to.');
  if (!/^postgres(ql)?:\/\//.test(to)) throw new UsageError('--to moet een PostgreSQL-adres zijn (postgres://…).');
  const { AUDIT_KEY } = readEnvSubset(['AUDIT_KEY']);
  if (!(await stat(from)).isDirectory()) throw new UsageError(`${from} is geen map.`);

  // Only a trail in order is taken along: a broken one stays where the data protection officer can see it.
  const sourceTrail = FileAuditTrail.reader(from, AUDIT_KEY);
  const sourceCheck = await sourceTrail.verify();
  if (!sourceCheck.ok) throw new TaskFailed(`De audittrail in ${from} is NIET in orde: ${sourceCheck.problem}. Er is niets gekopieerd; meld dit bij de functionaris gegevensbescherming.`);
  // As the bot would at start-up: older contact entries upgraded, abandoned temporary files gone.
  await FileStore.open(from);

  const target = await PostgresStore.open(to);
  const pool = createPool(to);
  try {
    const adopted = await target.auditTrailReader(AUDIT_KEY).adopt(sourceTrail.entries());
    if ('differsAt' in adopted) {
      throw new TaskFailed(`De database heeft een andere audittrail: vermelding ${adopted.differsAt} verschilt van die in ${from}. Er is niets gekopieerd.`);
    }
    const tallies = await adoptRecords(pool, fileSnapshot(from, new Date())).catch((error: unknown) => {
      throw error instanceof AdoptionRefused ? new TaskFailed(refusal(error)) : error;
    });
    const unequal = tallies.filter((tally) => tally.inTarget !== tally.inSource || tally.targetHash !== tally.sourceHash);
    if (unequal.length > 0) throw new TaskFailed(`Na het kopiëren wijkt de database af bij ${unequal.map((tally) => LABELS[tally.aggregate]).join(', ')}.`);
    const trailCheck = await target.auditTrailReader(AUDIT_KEY).verify();
    if (!trailCheck.ok) throw new TaskFailed(`De audittrail in de database is NIET in orde: ${trailCheck.problem}.`);
    // Opened as the bot opens it, which leaves the signed mark the bot's first start walks on from.
    await target.openAuditTrail(AUDIT_KEY).catch((error: unknown) => {
      throw error instanceof AuditTrailBrokenError ? new TaskFailed(error.message) : error;
    });
    console.log(
      [
        `Van ${from} naar de database ${safeLocation(to)}:`,
        ...tallies.map(tallyLine),
        `  audittrail: ${sourceCheck.entries} in de bron, ${trailCheck.entries} in de database (${adopted.added} nieuw), keten onverbroken`,
        'Alles staat in de database met dezelfde aantallen en inhoud. Start de bot met deze DATABASE_URL; npm run audit:verify controleert de audittrail daar.',
      ].join('\n'),
    );
  } finally {
    await pool.end();
    await target.close();
  }
});

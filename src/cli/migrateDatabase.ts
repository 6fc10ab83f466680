import { readEnvSubset } from '../config/env.js';
import { migrate } from '../store/postgres/migrate.js';
import { createPool } from '../store/postgres/postgresStore.js';
import { runCommand, UsageError } from './command.js';

/**
 * npm run db:migrate — brings the PostgreSQL schema at DATABASE_URL up to date. The bot does the
 * same at start-up; this is for a deployment that migrates before it starts (or restarts) the
 * instances. Safe to run beside running instances and more than once.
 */
await runCommand({ usage: 'Gebruik: npm run db:migrate (met DATABASE_URL in .env of in de omgeving)' }, async () => {
  const { DATABASE_URL } = readEnvSubset(['DATABASE_URL']);
  if (!DATABASE_URL) throw new UsageError('DATABASE_URL is niet gezet; zonder database gebruikt de bot de bestandsopslag, die geen migraties kent.');
  const pool = createPool(DATABASE_URL);
  try {
    const { applied, current } = await migrate(pool, DATABASE_URL);
    console.log(applied.length > 0 ? `Database bijgewerkt: ${applied.join(', ')} toegepast; schema nu op ${current}.` : `Database is al bijgewerkt: schema op ${current}.`);
  } finally {
    await pool.end();
  }
});

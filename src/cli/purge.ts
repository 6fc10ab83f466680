import { readEnvSubset } from '../config/env.js';
import { purgeExpired } from '../services/retention.js';
import { openStorage } from '../store/openStorage.js';
import { runCommand } from './command.js';

/**
 * npm run purge — applies the retention period (RETENTION_DAYS, see src/services/retention.ts).
 * Safe to run beside a running bot: it leaves the bot's in-flight writes alone.
 * It writes no audit entry (the running bot is the trail's only writer, so the hash chain stays
 * one line); its output is the record, e.g. from cron into the system log.
 */
await runCommand({ usage: 'Gebruik: npm run purge' }, async () => {
  const env = readEnvSubset(['STORE_DIR', 'DATABASE_URL', 'RETENTION_DAYS']);
  const store = await openStorage(env);
  try {
    const { cutoff, consults, acps } = await purgeExpired(store, env.RETENTION_DAYS, new Date());
    console.log(`Bewaartermijn ${env.RETENTION_DAYS} dagen: vrije tekst verwijderd uit ${consults} consulten die voor ${cutoff.toISOString().slice(0, 10)} zijn gesloten; ${acps} ACP-samenvattingen van voor die datum verwijderd.`);
  } finally {
    await store.close();
  }
});

import { readEnvSubset } from '../config/env.js';
import { purgeFreeText } from '../domain/consult.js';
import { openStorage } from '../store/openStorage.js';
import { runCommand } from './command.js';

/**
 * npm run purge — removes the free text of consults closed more than RETENTION_DAYS ago, and ACP
 * summaries imported before then (a newer import replaces them anyway). The
 * contact log and every count the statistics use are kept. Safe to run beside a running bot.
 * It writes no audit entry (the running bot is the trail's only writer, so the hash chain stays
 * one line); its output is the record, e.g. from cron into the system log.
 */
await runCommand({ usage: 'Gebruik: npm run purge' }, async () => {
  const env = readEnvSubset(['STORE_DIR', 'RETENTION_DAYS']);
  const { RETENTION_DAYS } = env;
  const now = new Date();
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86_400_000);
  const store = await openStorage(env);
  const purged = await store.consults.purgeClosedBefore(cutoff, (consult) => purgeFreeText(consult, now));
  const acpPurged = await store.acps.purgeImportedBefore(cutoff);
  await store.close();
  console.log(`Bewaartermijn ${RETENTION_DAYS} dagen: vrije tekst verwijderd uit ${purged} consulten die voor ${cutoff.toISOString().slice(0, 10)} zijn gesloten; ${acpPurged} ACP-samenvattingen van voor die datum verwijderd.`);
});

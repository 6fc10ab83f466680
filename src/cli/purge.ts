import { readEnvSubset } from '../config/env.js';
import { purgeFreeText } from '../domain/consult.js';
import { FileStore } from '../store/fileStore.js';
import { runCommand } from './command.js';

/**
 * npm run purge — removes the free text of consults closed more than RETENTION_DAYS ago, and ACP
 * summaries imported before then (a newer import replaces them anyway). The
 * contact log and every count the statistics use are kept. Safe to run beside a running bot.
 * It writes no audit entry (the running bot is the trail's only writer, so the hash chain stays
 * one line); its output is the record, e.g. from cron into the system log.
 */
await runCommand({ usage: 'Gebruik: npm run purge' }, async () => {
  const { STORE_DIR, RETENTION_DAYS } = readEnvSubset(['STORE_DIR', 'RETENTION_DAYS']);
  const now = new Date();
  const cutoff = new Date(now.getTime() - RETENTION_DAYS * 86_400_000);
  const store = await FileStore.open(STORE_DIR);
  const purged = await store.purgeClosedBefore(cutoff, (consult) => purgeFreeText(consult, now));
  const acpPurged = await store.purgeAcpImportedBefore(cutoff);
  console.log(`Bewaartermijn ${RETENTION_DAYS} dagen: vrije tekst verwijderd uit ${purged} consulten die voor ${cutoff.toISOString().slice(0, 10)} zijn gesloten; ${acpPurged} ACP-samenvattingen van voor die datum verwijderd.`);
});

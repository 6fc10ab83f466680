import { PostgresStore } from '../../src/store/postgres/postgresStore.js';

/**
 * `tsx test/support/auditAppender.ts <database url> <key> <instance> <count>`: an instance of its
 * own that opens the audit trail as the bot does and appends `count` entries, ten at a time.
 */
const [url, key, instance, count] = process.argv.slice(2) as [string, string, string, string];
const store = await PostgresStore.open(url);
const trail = await store.openAuditTrail(key);
for (let i = 0; i < Number(count); i += 10) {
  await Promise.all(
    Array.from({ length: 10 }, (_, j) =>
      trail.record({ at: new Date().toISOString(), actorId: `person-${i + j}`, actorRole: 'specialist', action: 'consult.view', result: 'toegestaan', channel: instance }),
    ),
  );
}
await store.close();

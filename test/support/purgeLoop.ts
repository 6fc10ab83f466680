import { purgeExpired } from '../../src/services/retention.js';
import { openStorage } from '../../src/store/openStorage.js';

/**
 * `npm run purge` over and over, as fast as it goes, in its own process beside a running bot:
 * each round opens the store the way the command-line tool does and applies the retention rule.
 * Prints one line per round; stops on SIGTERM.
 */
let stopping = false;
process.on('SIGTERM', () => (stopping = true));
for (let round = 1; !stopping; round++) {
  const store = await openStorage({ STORE_DIR: process.env.STORE_DIR!, DATABASE_URL: undefined });
  await purgeExpired(store, 1, new Date());
  await store.close();
  console.log(`purge ${round}`);
}

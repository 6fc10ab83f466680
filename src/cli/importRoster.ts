import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import '../config/zodMessages.js';
import { EnvSchema } from '../config/env.js';
import { loadNetwork } from '../config/loadNetwork.js';
import { importRosterIcs } from '../services/rosterImport.js';
import { FileStore } from '../store/fileStore.js';

/**
 * npm run roster:import -- <rooster-id> <bestand.ics>
 * Replaces a roster's imported shifts; a running bot picks the import up within a quarter minute.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const [rosterId, file] = process.argv.slice(2);
if (!rosterId || !file) {
  console.error('Gebruik: npm run roster:import -- <rooster-id> <bestand.ics>');
  process.exit(2);
}
const { DATA_DIR, STORE_DIR } = EnvSchema.pick({ DATA_DIR: true, STORE_DIR: true }).parse(process.env);
try {
  const network = loadNetwork(DATA_DIR);
  const store = await FileStore.open(STORE_DIR);
  const result = await importRosterIcs(store, network, rosterId, readFileSync(file, 'utf8'), basename(file), new Date());
  if (!result.ok) {
    console.error(`Niet geïmporteerd; het rooster is ongewijzigd.\n${result.problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  const range = result.first && result.last ? ` van ${new Date(result.first).toISOString()} tot ${new Date(result.last).toISOString()}` : '';
  console.log(`Rooster ${rosterId}: ${result.shiftCount} diensten geïmporteerd (${result.primaryCount} dienstdoende, ${result.backupCount} achterwacht)${range}.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

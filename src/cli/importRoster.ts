import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readEnvSubset } from '../config/env.js';
import { loadNetwork } from '../config/loadNetwork.js';
import { importRosterIcs } from '../services/rosterImport.js';
import { openStorage } from '../store/openStorage.js';
import { runCommand, TaskFailed, UsageError } from './command.js';

/**
 * npm run roster:import -- <rooster-id> <bestand.ics>
 * Replaces a roster's imported shifts; a running bot routes by it from its next request on.
 */
await runCommand({ usage: 'Gebruik: npm run roster:import -- <rooster-id> <bestand.ics>', maxPositionals: 2 }, async ({ positionals }) => {
  const [rosterId, file] = positionals;
  if (!rosterId || !file) throw new UsageError('Geef een rooster-id en een .ics-bestand.');
  const env = readEnvSubset(['DATA_DIR', 'STORE_DIR', 'DATABASE_URL']);
  const text = readFileSync(file, 'utf8');
  const network = loadNetwork(env.DATA_DIR);
  const store = await openStorage(env);
  const result = await importRosterIcs(store.rosters, network, rosterId, text, basename(file), new Date());
  await store.close();
  if (!result.ok) throw new TaskFailed(`Niet geïmporteerd; het rooster is ongewijzigd: ${result.problems.join('; ')}`);
  const range = result.first && result.last ? ` van ${new Date(result.first).toISOString()} tot ${new Date(result.last).toISOString()}` : '';
  console.log(`Rooster ${rosterId}: ${result.shiftCount} diensten geïmporteerd (${result.primaryCount} dienstdoende, ${result.backupCount} achterwacht)${range}.`);
});

import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import '../config/zodMessages.js';
import { EnvSchema } from '../config/env.js';
import { loadNetwork } from '../config/loadNetwork.js';
import { AcpService } from '../services/acpService.js';
import { FileStore } from '../store/fileStore.js';

/**
 * npm run acp:import -- <bestand.json> --huisarts <persoon-id> [--patientnummer <nr>]
 * Reads an ACP (FHIR QuestionnaireResponse or Bundle) as if that GP attached it in chat. A running
 * bot sees it after a restart.
 */
if (existsSync('.env')) process.loadEnvFile('.env');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { huisarts: { type: 'string' }, patientnummer: { type: 'string' } } });
const [file] = positionals;
if (!file || !values.huisarts) {
  console.error('Gebruik: npm run acp:import -- <bestand.json> --huisarts <persoon-id> [--patientnummer <nr>]');
  process.exit(2);
}
const env = EnvSchema.pick({ DATA_DIR: true, STORE_DIR: true, PATIENT_REF_SECRET: true }).parse(process.env);
const { directory } = loadNetwork(env.DATA_DIR);
const importer = directory.person(values.huisarts);
if (!importer || importer.role === 'coordinator' || importer.role === 'admin') {
  console.error(`'${values.huisarts}' is geen behandelaar in de netwerkconfiguratie.`);
  process.exit(2);
}
const store = await FileStore.open(env.STORE_DIR);
const result = await new AcpService(store, env.PATIENT_REF_SECRET, () => new Date()).importText(importer, readFileSync(file, 'utf8'), values.patientnummer, basename(file));
if (!result.ok) {
  console.error(`Niet ingelezen; er is niets opgeslagen.\n${result.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`ACP ingelezen voor ${result.record.summary.patient.initialen} (${result.record.summary.patient.geboortejaar}), referentie ${result.record.patientRef}; delen: ${result.record.summary.akkoordMetDelen}.`);
for (const warning of result.warnings) console.log(`  let op: ${warning}`);

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readEnvSubset } from '../config/env.js';
import { loadNetwork } from '../config/loadNetwork.js';
import { AcpService } from '../services/acpService.js';
import { openStorage } from '../store/openStorage.js';
import { runCommand, TaskFailed, UsageError } from './command.js';

/**
 * npm run acp:import -- <bestand.json> --huisarts <persoon-id> [--patientnummer <nr>]
 * Reads an ACP (FHIR QuestionnaireResponse or Bundle) as if that GP attached it in chat. A running
 * bot sees it at once.
 */
await runCommand(
  {
    usage: 'Gebruik: npm run acp:import -- <bestand.json> --huisarts <persoon-id> [--patientnummer <nr>]',
    options: { huisarts: { type: 'string' }, patientnummer: { type: 'string' } },
    maxPositionals: 1,
  },
  async ({ values, positionals }) => {
    const [file] = positionals;
    const gp = values.huisarts as string | undefined;
    if (!file || !gp) throw new UsageError('Geef een bestand en --huisarts.');
    const env = readEnvSubset(['DATA_DIR', 'STORE_DIR', 'DATABASE_URL', 'PATIENT_REF_SECRET']);
    const text = readFileSync(file, 'utf8');
    const { directory } = loadNetwork(env.DATA_DIR);
    const importer = directory.person(gp);
    if (!importer || importer.role === 'coordinator' || importer.role === 'admin') throw new UsageError(`'${gp}' is geen behandelaar in de netwerkconfiguratie.`);
    const store = await openStorage(env);
    const patientNumber = values.patientnummer as string | undefined;
    const result = await new AcpService(store, env.PATIENT_REF_SECRET, () => new Date()).importText(importer, text, patientNumber, basename(file));
    await store.close();
    if (!result.ok) throw new TaskFailed(`Niet ingelezen; er is niets opgeslagen: ${result.problems.join('; ')}`);
    console.log(`ACP ingelezen voor ${result.record.summary.patient.initialen} (${result.record.summary.patient.geboortejaar}), referentie ${result.record.patientRef}; delen: ${result.record.summary.akkoordMetDelen}.`);
    for (const warning of result.warnings) console.log(`  let op: ${warning}`);
  },
);

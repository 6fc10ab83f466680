import { existsSync } from 'node:fs';
import { EnvSchema } from '../config/env.js';
import { FileAuditTrail } from '../store/auditLog.js';

/** npm run audit:verify — exits 1 when the hash chain is broken, naming where. */
if (existsSync('.env')) process.loadEnvFile('.env');
const { STORE_DIR } = EnvSchema.pick({ STORE_DIR: true }).parse(process.env);
const trail = await FileAuditTrail.open(STORE_DIR, { repair: false });
const check = await trail.verify();
if (check.ok) {
  console.log(`Audittrail in orde: ${check.entries} regels, keten onverbroken.`);
} else {
  console.error(`Audittrail NIET in orde: ${check.problem}.`);
  process.exit(1);
}

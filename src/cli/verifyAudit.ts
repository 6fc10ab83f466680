import { readEnvSubset } from '../config/env.js';
import { FileAuditTrail } from '../store/auditLog.js';
import { runCommand, TaskFailed } from './command.js';

/** npm run audit:verify — exits 1 when the hash chain is broken, naming where. */
await runCommand({ usage: 'Gebruik: npm run audit:verify' }, async () => {
  const { STORE_DIR } = readEnvSubset(['STORE_DIR']);
  const trail = await FileAuditTrail.open(STORE_DIR, { repair: false });
  const check = await trail.verify();
  if (!check.ok) throw new TaskFailed(`Audittrail NIET in orde: ${check.problem}.`);
  console.log(`Audittrail in orde: ${check.entries} regels, keten onverbroken.`);
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { parsePeriod } from '../../src/domain/reportingPeriod.js';
import { emptyAcpSummary } from '../../src/fhir/acpSummary.js';
import { report } from '../../src/services/reporting.js';
import { FileStore } from '../../src/store/fileStore.js';
import { aContact, aDeath, anAcp } from '../store/records.js';

/**
 * The report as the statistics card and `npm run report` read it from a real store: which
 * patients' ACPs it looks at decides the PZP-conversation figure (outcomes.ts counts the
 * conversations of every patient in the scope, alive or not).
 */
const { directory } = loadNetwork('data');
let root = '';
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const withConversationOn = (patientRef: string, date: string) => {
  const record = anAcp(patientRef, '2026-09-20T10:00:00.000Z');
  const summary = emptyAcpSummary();
  summary.gesprek.datum = date;
  return { ...record, summary };
};

describe('the KPI report', () => {
  it('counts the PZP conversation of a living patient with a contact, as well as those of the deaths', async () => {
    root = await mkdtemp(join(tmpdir(), 'pz-report-'));
    const store = await FileStore.open(root);
    // One patient died in Q3 after a PZP conversation; another, alive, had a contact and a PZP conversation in Q3.
    await store.deaths.record({ ...aDeath('P-DIED', 'mijnstreek'), subRegionId: 'westelijke-mijnstreek', dateOfDeath: '2026-08-20' });
    await store.acps.save(withConversationOn('P-DIED', '2026-07-15'));
    await store.contacts.record([{ ...aContact('k1', '2026-09-09T10:00:00.000Z'), patientRef: 'P-ALIVE' }]);
    await store.acps.save(withConversationOn('P-ALIVE', '2026-09-10'));
    // A conversation outside the period counts for nobody.
    await store.contacts.record([{ ...aContact('k2', '2026-09-09T11:00:00.000Z'), patientRef: 'P-EARLIER' }]);
    await store.acps.save(withConversationOn('P-EARLIER', '2026-05-10'));

    const west = directory.regions.find((region) => region.id === 'mijnstreek')!;
    const period = parsePeriod('2026-Q3', new Date('2026-11-01T10:00:00Z'))!;
    const { kpis } = await report({ store, directory, clock: () => new Date('2026-11-01T10:00:00Z') }, { regionId: west.id, subRegionIds: west.subRegions.map((s) => s.id), label: west.name }, period);
    expect(kpis.notUnexpected).toBe(1);
    expect(kpis.acpConversations).toBe(2);
    await store.close();
  });
});

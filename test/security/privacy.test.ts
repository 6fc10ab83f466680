import { Writable } from 'node:stream';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { readEnv } from '../../src/config/env.js';
import { purgeFreeText } from '../../src/domain/consult.js';
import { emptyAcpSummary } from '../../src/fhir/acpSummary.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { AUDIT_KEY, BotUnderTest, DEMO_SECRET, DOWNLOAD_SECRET } from '../support/botUnderTest.js';

let harness: BotUnderTest;
afterEach(async () => {
  await harness.stop();
});

const QUESTION = 'Mevrouw heeft toenemende benauwdheid, morfine 5 mg sc zinvol?';
const MESSAGE = 'Zij woont in de Kastanjelaan, sleutel bij de buren';

async function runConsult(h: BotUnderTest) {
  const gp = h.user('anna-de-vries');
  const els = h.user('els-vermeulen');
  await Promise.all([gp.install(), els.install()]);
  const { consult } = await gp.requestConsult({
    patientInitials: 'Q.R.', patientBirthYear: '1937', localPatientNumber: 'HIS-999', urgency: 'spoed', question: QUESTION, callbackPhone: '046 999 1234',
  });
  await els.press('consult.decline', { consultId: consult.id, declineReason: 'Bij een patiënt in Geleen' });
  h.clock.advanceMinutes(1);
  await h.user('gea-lemmens').install();
  await els.say('help');
  await gp.say(MESSAGE);
  await gp.say('geen idee wat dit is');
  return consult;
}

describe('logs never contain message text or patient data', () => {
  it('keeps question, messages, initials, birth year, phone and local number out of the log at debug level', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    harness = await BotUnderTest.start();
    await harness.bot.stop();
    const env = readEnv({ BOT_LOCAL_DEV: 'true', PORT: '0', STORE_DIR: harness.storeDir, PATIENT_REF_SECRET: DEMO_SECRET, DOWNLOAD_LINK_SECRET: DOWNLOAD_SECRET, AUDIT_KEY, LOG_LEVEL: 'debug' });
    harness.bot = (await startBot(env, pino({ level: 'debug' }, sink), harness.clock.read)) as RunningBot;
    await runConsult(harness);
    const log = lines.join('');
    expect(log).toContain('PZ-Consultbot ready');
    for (const secret of [QUESTION, 'benauwdheid', MESSAGE, 'Kastanjelaan', 'Q.R.', 'HIS-999', '046 999 1234', 'Geleen']) {
      expect(log).not.toContain(secret);
    }
    // The birth year as a number of its own: log times and ports are long numbers that may contain 1937.
    expect(log).not.toMatch(/(?<!\d)1937(?!\d)/);
  });
});

describe('retention', () => {
  it('removes a closed consult’s free text after the retention period and keeps what statistics count', async () => {
    harness = await BotUnderTest.start();
    // Nobody else in the plan has the bot yet, so after Els's decline the consult waits, open; Anna withdraws it.
    const consult = await runConsult(harness);
    const withdrawn = await harness.bot.consults.withdraw(loadNetwork('data').directory.person('anna-de-vries')!, consult.id);
    expect(withdrawn.ok).toBe(true);

    const now = new Date('2029-01-01T00:00:00Z');
    expect(await harness.bot.store.consults.purgeClosedBefore(new Date('2026-11-01T00:00:00Z'), (c) => purgeFreeText(c, now))).toBe(0);
    expect(await harness.bot.store.consults.purgeClosedBefore(new Date('2028-01-01T00:00:00Z'), (c) => purgeFreeText(c, now))).toBe(1);
    expect(await harness.bot.store.consults.purgeClosedBefore(new Date('2028-01-01T00:00:00Z'), (c) => purgeFreeText(c, now))).toBe(0);

    const purged = (await harness.bot.store.consults.get(consult.id))!;
    const text = JSON.stringify(purged);
    for (const secret of [QUESTION, '046 999 1234', 'HIS-999', 'Bij een patiënt in Geleen']) expect(text).not.toContain(secret);
    expect(purged).toMatchObject({
      status: 'ingetrokken', patientRef: consult.patientRef, period: 'office', purgedAt: now.toISOString(),
      request: { urgency: 'spoed', setting: 'thuis', dimensions: ['fysiek'], subRegionId: 'westelijke-mijnstreek' },
    });
    expect(purged.offers.map((o) => o.outcome)).toEqual(['geweigerd', 'overgeslagen', 'overgeslagen']);
  });

  it('removes cached ACP summaries imported before the cut-off', async () => {
    harness = await BotUnderTest.start();
    const summary = emptyAcpSummary();
    await harness.bot.store.acps.save({ patientRef: 'P-OLD0000000', summary, importedAt: '2024-01-01T00:00:00.000Z', importedBy: 'anna-de-vries', source: 'oud.json' });
    await harness.bot.store.acps.save({ patientRef: 'P-NEW0000000', summary, importedAt: '2026-11-01T00:00:00.000Z', importedBy: 'anna-de-vries', source: 'nieuw.json' });
    expect(await harness.bot.store.acps.purgeImportedBefore(new Date('2025-01-01T00:00:00Z'))).toBe(1);
    await harness.restart();
    expect([(await harness.bot.store.acps.get('P-OLD0000000')), (await harness.bot.store.acps.get('P-NEW0000000'))?.source]).toEqual([undefined, 'nieuw.json']);
  });
});

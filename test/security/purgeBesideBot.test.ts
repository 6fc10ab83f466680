import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/fileStore.js';
import { BotUnderTest, CONSULT_FORM, cardText } from '../support/botUnderTest.js';

/**
 * `npm run purge` runs from cron beside the bot. It opens the same folder while the bot writes:
 * it must never take the bot's in-flight writes with it (it used to remove every temporary file).
 */

let harness: BotUnderTest;
beforeEach(async () => {
  harness = await BotUnderTest.start({ store: 'file' });
});
afterEach(async () => {
  await harness.stop();
});

describe('the purge tool beside a running bot', () => {
  it('loses no consult the bot took over HTTP while purges ran in a loop in another process', async () => {
    const gp = harness.user('anna-de-vries');
    await gp.install();
    for (const id of ['els-vermeulen', 'frank-geurts', 'gea-lemmens']) await harness.user(id).install();

    const purger = spawn(process.execPath, ['--import', 'tsx', 'test/support/purgeLoop.ts'], { env: { ...process.env, STORE_DIR: harness.storeDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let rounds = 0;
    let errors = '';
    purger.stdout.on('data', (chunk: Buffer) => (rounds += chunk.toString().split('\n').filter((line) => line.startsWith('purge')).length));
    purger.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const waitForRounds = async (count: number) => {
      while (rounds < count) {
        if (purger.exitCode !== null) throw new Error(`purge loop stopped: ${errors}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await waitForRounds(1);

    // Four clients submit consult forms while the purges keep opening the store.
    const acknowledged = new Map<string, string>();
    let submitted = 0;
    const startRound = rounds;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (submitted < 120 || rounds < startRound + 5) {
          submitted++;
          const formId = randomUUID();
          const card = await gp.press('consult.submit', { ...CONSULT_FORM, formId }, `form-${formId}`);
          const ref = /C-[0-9A-Z]{4}/.exec(cardText(card))?.[0];
          if (ref) acknowledged.set(formId, ref);
        }
      }),
    );
    purger.kill('SIGTERM');
    await new Promise((resolve) => purger.once('exit', resolve));

    expect(rounds - startRound).toBeGreaterThanOrEqual(5);
    expect(acknowledged.size).toBe(submitted);
    const reopened = await FileStore.open(harness.storeDir);
    for (const [formId, ref] of acknowledged) expect((await reopened.consults.byRef(ref))?.formId).toBe(formId);
    expect(await reopened.consults.open()).toHaveLength(submitted);
  }, 240_000);
});

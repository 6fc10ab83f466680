import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, testStores, type TeamsUser } from '../support/botUnderTest.js';

/**
 * An instance restarted during a Teams outage on an ANW night must take turns at once: it runs
 * what fell due while it was down (the consult moves on to the backup), and the messages of that
 * go out through the job worker when Teams answers again, once. Monday 23 November 2026, 10:00,
 * Westelijke Mijnstreek: Els (primary, 5 min), then Gea (backup).
 */
describe.each(testStores())('a restart while Teams does not answer (%s store)', (store) => {
  let harness: BotUnderTest;
  let anna: TeamsUser, els: TeamsUser, gea: TeamsUser;

  afterEach(async () => {
    harness.connector.answer();
    await harness.stop();
  });

  it('is ready at once, runs the overdue step, and offers the consult to the backup once Teams answers', async () => {
    harness = await BotUnderTest.start({ store });
    [anna, els, gea] = ['anna-de-vries', 'els-vermeulen', 'gea-lemmens'].map((id) => harness.user(id)) as [TeamsUser, TeamsUser, TeamsUser];
    for (const user of [anna, els, gea, harness.user('frank-geurts')]) await user.install();
    const { consult } = await anna.requestConsult({ urgency: 'spoed', question: 'Terminale onrust, sedatie starten?' });
    expect(els.cards()).toHaveLength(1);

    await harness.bot.stop();
    harness.clock.advanceMinutes(7);
    harness.connector.stopAnswering();
    // Before, start-up sent the overdue step's messages itself and was not ready until Teams answered.
    await harness.boot({ waitForDueJobs: false });
    const health = await fetch(`${harness.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const stored = await harness.bot.store.consults.get(consult.id);
    expect(stored!.stepLog.map((step) => step.trigger)).toEqual(['request', 'timeout']);
    expect(stored!.offers.map((offer) => offer.personId)).toContain('gea-lemmens');
    await expect.poll(() => harness.connector.waiting, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(gea.cards()).toHaveLength(0);

    harness.connector.answer();
    await harness.bot.caughtUp;
    await harness.bot.store.jobRunner.drain(['outbox-deliver']);
    expect(gea.cards()).toHaveLength(1);
    const toldAnna = () => anna.messages().filter((text) => text.startsWith(`Consult ${consult.ref}: nog geen reactie van Els Vermeulen. Het wordt nu ook aangeboden aan Gea Lemmens`));
    expect(toldAnna()).toHaveLength(1);
    // Nothing goes out twice after another restart.
    await harness.restart();
    expect(gea.cards()).toHaveLength(1);
    expect(toldAnna()).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, testStores, type TeamsUser } from '../support/botUnderTest.js';

/**
 * Issue #17's ANW night: a spoed consult on Monday 23 November 2026, 20:00 (ANW: the Zuid-Limburg
 * pool). The primary on call can be reached; the backup and the rest of the pool never installed
 * the bot. Mijnstreek pages with `renotifyMinutes.spoed` 2 and `loops` 2 (the defaults); its
 * chain waits 5, 5 and 10 minutes.
 */
describe.each(testStores())('a spoed consult at night is never dropped (%s store)', (store) => {
  let harness: BotUnderTest;
  afterEach(async () => {
    await harness?.stop();
  });

  async function night(): Promise<{ gp: TeamsUser; primary: TeamsUser; coordinator: TeamsUser; consultId: string; ref: string; unreachable: string[] }> {
    harness = await BotUnderTest.start({ store });
    harness.clock.now = new Date('2026-11-23T20:00:00+01:00');
    const gp = harness.user('anna-de-vries');
    const coordinator = harness.user('karin-bosch');
    await gp.install();
    await coordinator.install();
    const plan = harness.bot.router.plan('westelijke-mijnstreek', 'spoed', harness.clock.now.getTime()).plan;
    const primary = harness.user(plan[0]!.personIds[0]!);
    await primary.install();
    const { consult } = await gp.requestConsult({ urgency: 'spoed', question: 'Terminale onrust, sedatie starten?' });
    const unreachable = plan.slice(1).flatMap((step) => step.personIds);
    return { gp, primary, coordinator, consultId: consult.id, ref: consult.ref, unreachable };
  }

  /** Lets the night pass minute by minute, running what falls due as the jobs would. */
  async function minutesPass(minutes: number): Promise<void> {
    for (let i = 0; i < minutes; i++) {
      harness.clock.advanceMinutes(1);
      await harness.bot.tick();
    }
  }

  it('re-notifies the primary until they accept, alerts the coordinator once the chain ran out, and gave the GP the fallback number from the start', async () => {
    const { gp, primary, coordinator, consultId, ref, unreachable } = await night();
    expect(unreachable.length).toBeGreaterThan(0);
    const gpCardAtStart = cardText(gp.currentCard(gp.cards().at(-1)!.activityId));
    expect(gpCardAtStart).toContain('Spoed en geen reactie? Bel 046 400 9000.');
    expect(gpCardAtStart).toContain('Reactie uiterlijk 20:05');

    await minutesPass(30);
    const reminders = primary.messages().filter((text) => text.startsWith(`Herinnering: consult ${ref}`));
    // Every 2 minutes, as new messages; the card stays one card, updated in place.
    expect(reminders.length).toBeGreaterThanOrEqual(14);
    expect(primary.cards()).toHaveLength(1);
    expect(cardText(primary.currentCard(primary.cards()[0]!.activityId))).toContain('Dit consult wordt aan u aangeboden.');

    const stored = (await harness.bot.store.consults.get(consultId))!;
    expect(stored.status).toBe('aangeboden');
    expect(stored.offers.find((offer) => offer.personId === primary.personId)?.outcome).toBeUndefined();
    expect(stored.exhaustedAt).toBeDefined();
    // Chain: the unreachable steps pass at once, the primary's step waits 5 minutes, three passes.
    expect(stored.stepLog.map((step) => [step.trigger, step.step, step.round])).toEqual([['request', 0, 0], ['repeat', 0, 1], ['repeat', 0, 2]]);
    expect(stored.exhaustedAt).toBe('2026-11-23T19:15:00.000Z');

    const alerts = coordinator.messages().filter((text) => text.startsWith(`Let op, consult ${ref}`));
    expect(alerts).toHaveLength(1);
    // What happened, not "the whole chain 3 times": how long it took, who cannot be reached, who still has it.
    expect(alerts[0]).toContain(`Let op, consult ${ref} (spoed): niemand heeft het aangenomen. Aangevraagd op 23 november om 20:00; de keten was na 15 minuten rond.`);
    const notReached = alerts[0]!.split('Niet bereikbaar via de chat (app niet geïnstalleerd): ')[1]!.split('.')[0]!;
    expect(notReached.split(/, | en /).sort()).toEqual(unreachable.map((id) => harness.user(id).name).sort());
    expect(alerts[0]).toContain(`Het aanbod staat nog open bij ${primary.name} en wordt steeds opnieuw gestuurd.`);
    expect(alerts[0]).not.toMatch(/keer|Geweigerd/);
    // Whom the bot could not reach is the coordinator's to hear, once, and never the GP's.
    const skippedNotes = coordinator.messages().filter((text) => text.startsWith(`Consult ${ref} (spoed)`) && text.includes('niet bereikbaar via de chat'));
    expect(skippedNotes).toHaveLength(1);
    for (const personId of unreachable) {
      const name = harness.user(personId).name;
      expect(skippedNotes[0]).toContain(name);
      expect(gp.messages().join('\n')).not.toContain(name);
      expect(cardText(gp.currentCard(gp.cards()[0]!.activityId))).not.toContain(name);
    }
    expect(gp.messages().join('\n')).not.toContain('overgeslagen');
    expect(gp.messages().filter((text) => text.startsWith(`Consult ${ref}: nog niemand heeft het aangenomen.`))).toEqual([
      `Consult ${ref}: nog niemand heeft het aangenomen. Het aanbod aan ${primary.name} blijft staan en wordt steeds opnieuw gestuurd; de netwerkcoördinator is ingelicht. ` +
        'Bel het regionale consultatieteam palliatieve zorg Mijnstreek: 046 400 9000 (24/7).',
    ]);

    // The history is in the consult and in the audit trail.
    const audited: string[] = [];
    for await (const entry of harness.bot.auditTrail.entries()) if (entry.objectId === consultId) audited.push(`${entry.action} ${entry.actorId}`);
    expect(audited).toContain(`consult.reminder ${primary.personId}`);
    expect(audited).toContain('consult.skipped karin-bosch');
    expect(audited).toContain('consult.exhausted karin-bosch');
    expect(audited).toContain('consult.escalated anna-de-vries');
    expect(stored.renotified?.length).toBe(reminders.length);

    await primary.press('consult.accept', { consultId }, primary.cards()[0]!.activityId);
    expect(gp.messages().at(-1)).toContain(`Consult ${ref} is geaccepteerd door ${primary.name}`);
    const remindersAtAccept = primary.messages().filter((text) => text.startsWith('Herinnering')).length;
    await minutesPass(10);
    expect(primary.messages().filter((text) => text.startsWith('Herinnering')).length).toBe(remindersAtAccept);
  });

  it('sends nothing twice and skips nothing when the bot restarts in the middle of the re-notify loop', async () => {
    const { primary, consultId, ref } = await night();
    await minutesPass(3);
    const before = primary.messages().filter((text) => text.startsWith(`Herinnering: consult ${ref}`)).length;
    expect(before).toBe(1);
    await harness.restart();
    // Nothing was due at the restart: no reminder goes out again.
    expect(primary.messages().filter((text) => text.startsWith('Herinnering')).length).toBe(before);
    await harness.bot.stop();
    // Down for 5 minutes: two reminders fell due meanwhile; one goes out at start-up, then every 2 minutes again.
    harness.clock.advanceMinutes(5);
    await harness.boot();
    expect(primary.messages().filter((text) => text.startsWith('Herinnering')).length).toBe(before + 1);
    await minutesPass(2);
    expect(primary.messages().filter((text) => text.startsWith('Herinnering')).length).toBe(before + 2);
    const stored = (await harness.bot.store.consults.get(consultId))!;
    expect(stored.renotified?.map((entry) => entry.at)).toEqual(['2026-11-23T19:02:00.000Z', '2026-11-23T19:08:00.000Z', '2026-11-23T19:10:00.000Z']);
  });
});

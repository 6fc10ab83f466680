import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, testStores } from '../support/botUnderTest.js';

/**
 * Someone the bot cannot reach (the bot is not installed with them) is the coordinator's
 * problem: 24 hours before their shift, the region's coordinators hear of it. Monday 23
 * November 2026, 10:00; on Wednesday 25 November Els is on call in Westelijke Mijnstreek and
 * Gea, who never installed the bot, is backup.
 */

let harness: BotUnderTest;
afterEach(async () => {
  await harness.stop();
});

describe.each(testStores())('a shift of someone the bot cannot reach warns the coordinator a day ahead (%s store)', (store) => {
  it('tells Karin on Tuesday 08:00 that Gea cannot be reached for Wednesday’s shift, and says nothing about Els', async () => {
    harness = await BotUnderTest.start({ store });
    const [karin, els] = [harness.user('karin-bosch'), harness.user('els-vermeulen')];
    await karin.install();
    await els.install();
    const aboutWednesday = () => karin.messages().filter((text) => text.includes('Kantoorrooster Westelijke Mijnstreek, wo 25 nov. 08:00 – 17:00'));

    harness.clock.now = new Date('2026-11-24T06:59:59Z');
    await harness.bot.tick();
    expect(aboutWednesday()).toEqual([]);
    harness.clock.now = new Date('2026-11-24T07:00:00Z');
    await harness.bot.tick();
    expect(aboutWednesday()).toEqual([
      '⚠ Gea Lemmens heeft over 24 uur dienst (achterwacht, Kantoorrooster Westelijke Mijnstreek, wo 25 nov. 08:00 – 17:00), maar is niet bereikbaar via de chat: ' +
        'de bot is bij deze persoon nog niet geïnstalleerd. Een consult in die dienst gaat dan aan hem of haar voorbij. Vraag om de bot te installeren, of regel een vervanger of ruil.',
    ]);
    await harness.restart();
    await harness.bot.tick();
    expect(aboutWednesday()).toHaveLength(1);
    const audited: string[] = [];
    for await (const entry of harness.bot.auditTrail.entries()) if (entry.action === 'roster.unreachable-warning') audited.push(`${entry.actorId} ${entry.detail}`);
    expect(audited).toContain('karin-bosch gea-lemmens niet bereikbaar voor dienst 2026-11-25T07:00:00.000Z');
    expect(audited.some((line) => line.includes('els-vermeulen'))).toBe(false);
  });

  it('says nothing a day ahead of an office shift on Nieuwjaarsdag, which is not worked, and does of the next Monday’s', async () => {
    harness = await BotUnderTest.start({ store, now: new Date('2026-12-30T20:00:00+01:00') });
    const karin = harness.user('karin-bosch');
    await karin.install();
    const officeWarnings = (day: string) => karin.messages().filter((text) => text.startsWith('⚠') && text.includes(`Kantoorrooster Westelijke Mijnstreek, ${day}`));
    harness.clock.now = new Date('2026-12-31T08:00:00+01:00');
    await harness.bot.tick();
    expect(officeWarnings('vr 1 jan.')).toEqual([]);
    harness.clock.now = new Date('2027-01-03T08:00:00+01:00');
    await harness.bot.tick();
    expect(officeWarnings('ma 4 jan.').length).toBeGreaterThan(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, testStores } from '../support/botUnderTest.js';

/**
 * The hand-over at the start of each on-call shift. The ANW roster of Zuid-Limburg changes hands
 * every Monday at 08:00 Dutch time: Olaf hands over to Joke on 30 November 2026.
 */

let harness: BotUnderTest;
afterEach(async () => {
  await harness.stop();
});

const anwHandovers = (messages: string[]) => messages.filter((text) => text.startsWith('**Overdracht: u heeft nu dienst** (ANW-rooster Zuid-Limburg)'));

describe.each(testStores())('hand-over: the incoming specialist hears what they take on (%s store)', (store) => {
  it('sends Joke the role, until when, the pool’s open consults and Olaf’s note at 08:00, not a second earlier', async () => {
    harness = await BotUnderTest.start({ store });
    const [gp, olaf, joke, els] = [harness.user('anna-de-vries'), harness.user('olaf-claessens'), harness.user('joke-dassen'), harness.user('els-vermeulen')];
    for (const user of [gp, olaf, joke, els]) await user.install();
    const { consult } = await gp.requestConsult();
    await els.press('consult.accept', { consultId: consult.id });

    await olaf.say('overdracht: Rustige week. Eén consult wacht op terugbellen.');
    expect(olaf.messages().at(-1)).toBe('Uw overdracht is bewaard en gaat bij de wissel mee:\n\n- ANW-rooster Zuid-Limburg: ma 30 nov. 08:00 aan Joke Dassen');

    harness.clock.now = new Date('2026-11-30T06:59:59Z');
    await harness.bot.tick();
    expect(anwHandovers(joke.messages())).toEqual([]);
    harness.clock.now = new Date('2026-11-30T07:00:00Z');
    await harness.bot.tick();
    expect(anwHandovers(joke.messages())).toEqual([
      [
        '**Overdracht: u heeft nu dienst** (ANW-rooster Zuid-Limburg)',
        'Rol: Dienstdoende specialist PZ ANW-pool Zuid-Limburg (ANW)',
        'Tot: maandag 7 december 2026, 08:00',
        `Open consulten in de pool (1):\n- ${consult.ref} · vandaag · geaccepteerd`,
        'Overdracht van Olaf Claessens: Rustige week. Eén consult wacht op terugbellen.',
      ].join('\n\n'),
    ]);
    // Once only, however often the jobs run.
    await harness.bot.tick();
    await harness.restart();
    await harness.bot.tick();
    expect(anwHandovers(joke.messages())).toHaveLength(1);
    const audited: string[] = [];
    for await (const entry of harness.bot.auditTrail.entries()) if (entry.action.startsWith('roster.handover')) audited.push(`${entry.actorId} ${entry.action} ${entry.result}`);
    expect(audited).toContain('olaf-claessens roster.handover-note toegestaan');
    expect(audited).toContain('joke-dassen roster.handover toegestaan');
  });

  it.each([
    ['the end of summer time (last Sunday of October)', '2026-10-24T12:00:00+02:00', '2026-10-26T07:00:00Z', 'noor-willems', 'maandag 2 november 2026, 08:00'],
    ['the start of summer time (last Sunday of March)', '2027-03-27T12:00:00+01:00', '2027-03-29T06:00:00Z', 'els-vermeulen', 'maandag 5 april 2027, 08:00'],
  ])('comes at 08:00 Dutch time across %s', async (_name, start, handoverAt, incomingId, until) => {
    harness = await BotUnderTest.start({ store, now: new Date(start) });
    const incoming = harness.user(incomingId);
    await incoming.install();
    // An hour early and an hour late are what a clock that ignored the change would do.
    harness.clock.now = new Date(Date.parse(handoverAt) - 60 * 60_000);
    await harness.bot.tick();
    harness.clock.now = new Date(Date.parse(handoverAt) - 1000);
    await harness.bot.tick();
    expect(anwHandovers(incoming.messages())).toEqual([]);
    harness.clock.now = new Date(handoverAt);
    await harness.bot.tick();
    const [message] = anwHandovers(incoming.messages());
    expect(message).toContain(`Tot: ${until}`);
    expect(message).toContain('Open consulten in de pool: geen');
    expect(message).toContain('Geen overdrachtsnotitie van');
  });

  it('sends no office hand-over on Nieuwjaarsdag, when consults go to the ANW roster, and does again on an ordinary Friday', async () => {
    harness = await BotUnderTest.start({ store, now: new Date('2026-12-31T20:00:00+01:00') });
    const roster = harness.bot.router.rosters.find((r) => r.id === 'kantoor-westelijke-mijnstreek')!;
    const officeHandovers = (user: { messages(): string[] }) => user.messages().filter((text) => text.startsWith('**Overdracht: u heeft nu dienst** (Kantoorrooster Westelijke Mijnstreek)'));
    const rostered = (at: string) => harness.user(harness.bot.router.onCall(roster, Date.parse(at)).primary!);
    const onHoliday = rostered('2027-01-01T09:00:00+01:00');
    const nextFriday = rostered('2027-01-08T09:00:00+01:00');
    expect(rostered('2027-01-07T09:00:00+01:00').personId).not.toBe(nextFriday.personId);
    await onHoliday.install();
    await nextFriday.install();

    harness.clock.now = new Date('2027-01-01T08:00:00+01:00');
    await harness.bot.tick();
    harness.clock.now = new Date('2027-01-01T12:00:00+01:00');
    await harness.bot.tick();
    expect(officeHandovers(onHoliday)).toEqual([]);

    harness.clock.now = new Date('2027-01-07T12:00:00+01:00');
    await harness.bot.tick();
    harness.clock.now = new Date('2027-01-08T08:00:00+01:00');
    await harness.bot.tick();
    expect(officeHandovers(nextFriday)).toHaveLength(1);
  });

  it('keeps a note written before Nieuwjaarsdag for whoever takes over after it, and gives it then', async () => {
    // Kantoorrooster Westelijke Mijnstreek: Els on Thursday 31 December, Gea on Friday 1 January (a holiday: the office
    // roster is not in force), Els again on Monday 4 January, Frank on Tuesday 5 January.
    harness = await BotUnderTest.start({ store, now: new Date('2026-12-31T10:00:00+01:00') });
    const [els, gea, frank] = [harness.user('els-vermeulen'), harness.user('gea-lemmens'), harness.user('frank-geurts')];
    for (const user of [els, gea, frank]) await user.install();
    await els.say('overdracht: C-7F3K wacht op terugbellen.');
    expect(els.messages().at(-1)).toContain('- Kantoorrooster Westelijke Mijnstreek: di 5 jan. 08:00 aan Frank Geurts');

    const officeHandovers = (user: { messages(): string[] }) => user.messages().filter((text) => text.startsWith('**Overdracht: u heeft nu dienst** (Kantoorrooster Westelijke Mijnstreek)'));
    for (const at of ['2027-01-01T08:00:00+01:00', '2027-01-04T08:00:00+01:00', '2027-01-05T08:00:00+01:00']) {
      harness.clock.now = new Date(at);
      await harness.bot.tick();
    }
    expect(officeHandovers(gea)).toEqual([]);
    expect(officeHandovers(frank)).toHaveLength(1);
    expect(officeHandovers(frank)[0]).toContain('Overdracht van Els Vermeulen: C-7F3K wacht op terugbellen.');
  });

  it('refuses a note from someone not on call', async () => {
    harness = await BotUnderTest.start({ store });
    const gea = harness.user('gea-lemmens');
    await gea.say('overdracht: niets bijzonders');
    expect(gea.messages().at(-1)).toBe('U heeft nu geen dienst als dienstdoende; een overdracht is voor wie na u dienst heeft. Er is niets bewaard.');
  });
});

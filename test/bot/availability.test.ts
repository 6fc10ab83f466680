import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

/**
 * Away and replacement, said in chat. Monday 23 November 2026, 10:00: office hours in
 * Westelijke Mijnstreek, where Els is on call (Monday, Wednesday, Friday) and Gea is backup.
 */

let harness: BotUnderTest;
afterEach(async () => {
  await harness.stop();
});

const users = <T extends string[]>(...ids: T) => ids.map((id) => harness.user(id)) as { [K in keyof T]: TeamsUser };

async function rosterActions(prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of harness.bot.auditTrail.entries()) if (entry.action.startsWith(prefix)) found.push(`${entry.actorId} ${entry.action} ${entry.result}`);
  return found;
}

describe('afwezig: a specialist who is away hands consults to a named colleague', () => {
  it('offers to the replacement while Els is away, shows it in the roster, and to Els again once the time has passed', async () => {
    harness = await BotUnderTest.start();
    const [gp, els, frank, gea, karin] = users('anna-de-vries', 'els-vermeulen', 'frank-geurts', 'gea-lemmens', 'karin-bosch');
    for (const user of [gp, els, frank, gea]) await user.install();

    await els.say('afwezig tot woensdag 12:00, vervanger Frank Geurts');
    expect(els.messages().at(-1)).toBe(
      "U staat afwezig tot woensdag 25 november 2026, 12:00. Consulten voor u gaan in die tijd naar Frank Geurts. Typ 'weer beschikbaar' als u eerder terug bent.",
    );
    expect(frank.messages().at(-1)).toContain('Els Vermeulen is afwezig tot woensdag 25 november 2026, 12:00 en heeft u als vervanger opgegeven');

    const { consult } = await gp.requestConsult();
    expect(consult.plan[0]!.personIds).toEqual(['frank-geurts']);
    expect(cardText(frank.lastCard().card)).toContain('Dit consult wordt aan u aangeboden.');
    expect(els.cards()).toHaveLength(0);

    await karin.say('rooster');
    const roster = cardText(karin.lastCard().card);
    expect(roster).toContain('Nu dienstdoende: Els Vermeulen (kaderhuisarts PZ), 06 1000 0501 — afwezig, consulten naar Frank Geurts');
    expect(roster).toContain('Afwezig: Els Vermeulen: afwezig tot wo 25 nov. 12:00, vervanger Frank Geurts');

    // Wednesday 13:00: the absence ended by itself.
    harness.clock.now = new Date('2026-11-25T13:00:00+01:00');
    await harness.bot.tick();
    expect(els.messages().filter((text) => text.startsWith('Uw afwezigheid is voorbij'))).toHaveLength(1);
    const { consult: later } = await gp.requestConsult({ patientInitials: 'K.', question: 'Benauwdheid in de nacht, morfine?' });
    expect(later.plan[0]!.personIds).toEqual(['els-vermeulen']);
    await karin.say('rooster');
    expect(cardText(karin.lastCard().card)).not.toContain('Afwezig:');
    expect(await rosterActions('roster.away')).toEqual(['els-vermeulen roster.away toegestaan', 'els-vermeulen roster.away-ended toegestaan']);
  });

  it('skips a specialist who takes no consults and named nobody, until they are available again', async () => {
    harness = await BotUnderTest.start();
    const [gp, els, gea] = users('anna-de-vries', 'els-vermeulen', 'gea-lemmens');
    for (const user of [gp, els, gea]) await user.install();
    await els.say('geen consulten tot 3 december 12:00');
    expect(els.messages().at(-1)).toContain('U staat niet beschikbaar voor consulten tot donderdag 3 december 2026, 12:00. Consulten gaan in die tijd aan u voorbij');
    const { consult } = await gp.requestConsult();
    expect(consult.plan.flatMap((step) => step.personIds)).not.toContain('els-vermeulen');
    expect(consult.plan[1]!.personIds).toEqual(['gea-lemmens']);

    await els.say('weer beschikbaar');
    expect(els.messages().at(-1)).toBe('Welkom terug: u bent weer beschikbaar voor consulten volgens het rooster.');
    const { consult: next } = await gp.requestConsult({ patientInitials: 'K.', question: 'Benauwdheid in de nacht, morfine?' });
    expect(next.plan[0]!.personIds).toEqual(['els-vermeulen']);
    // Ended early: the end of the time given passes without a word.
    harness.clock.now = new Date('2026-12-03T12:00:00+01:00');
    await harness.bot.tick();
    expect(els.messages().filter((text) => text.startsWith('Uw afwezigheid is voorbij'))).toEqual([]);
    expect(await rosterActions('roster.a')).toEqual(['els-vermeulen roster.away toegestaan', 'els-vermeulen roster.available toegestaan']);
  });

  it('refuses a replacement from outside her rosters and pool, a generalist, and a time it cannot read, changing nothing', async () => {
    harness = await BotUnderTest.start();
    const els = harness.user('els-vermeulen');
    await els.say('afwezig tot vrijdag 17:00, vervanger Quinta Mulder');
    expect(els.messages().at(-1)).toBe('Quinta Mulder kan u niet vervangen: alleen een specialist PZ van hetzelfde rooster of dezelfde pool kan dat. Er is niets gewijzigd.');
    await els.say('afwezig tot vrijdag 17:00, vervanger Anna de Vries');
    expect(els.messages().at(-1)).toContain('Anna de Vries kan u niet vervangen');
    await els.say('afwezig tot vrijdag 17:00, vervanger Piet Onbekend');
    expect(els.messages().at(-1)).toBe("Ik ken geen specialist PZ met de naam 'Piet Onbekend'. Er is niets gewijzigd.");
    await els.say('afwezig tot ooit');
    expect(els.messages().at(-1)).toContain("Ik kan 'ooit' niet als datum en tijd lezen.");
    await els.say('afwezig tot 1 januari 2026 12:00');
    expect(els.messages().at(-1)).toBe('Dat tijdstip is al voorbij. Er is niets gewijzigd.');
    expect(await harness.bot.store.absences.endingAfter(harness.clock.read())).toEqual([]);
    // Olaf is in another region, but in her ANW pool: he may stand in.
    await els.say('afwezig tot vrijdag 17:00, vervanger Olaf Claessens');
    expect(els.messages().at(-1)).toContain('Consulten voor u gaan in die tijd naar Olaf Claessens.');
    const gp = harness.user('anna-de-vries');
    await gp.say('afwezig tot vrijdag 17:00');
    expect(gp.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

let harness: BotUnderTest;
let gp: TeamsUser;
let consultRef: string;
let patientRef: string;

beforeEach(async () => {
  harness = await BotUnderTest.start();
  gp = harness.user('anna-de-vries');
  await gp.install();
  await harness.user('els-vermeulen').install();
  const { consult } = await gp.requestConsult({ localPatientNumber: 'HIS-1', question: 'Terminale fase, wat te verwachten?' });
  [consultRef, patientRef] = [consult.ref, consult.patientRef];
});
afterEach(async () => {
  await harness.stop();
});

async function register(user: TeamsUser, fields: Record<string, string>) {
  await user.say('overlijden registreren');
  const form = user.lastCard();
  return cardText(await user.press('outcome.death', { ...form.card.actions[0].data, dateOfDeath: '2026-11-20', place: 'thuis', notUnexpected: 'ja', ...fields }, form.activityId));
}

describe('overlijden registreren', () => {
  it('lets the regiebehandelaar register a death through the consult reference', async () => {
    expect(await register(gp, { consultRef })).toContain('Het overlijden is geregistreerd (2026-11-20, thuis, niet-onverwacht)');
    expect((await harness.bot.store.deaths.inRegion('mijnstreek'))).toEqual([expect.objectContaining({ patientRef, place: 'thuis', notUnexpected: true, recordedBy: 'anna-de-vries', regionId: 'mijnstreek' })]);
  });

  it('finds the same patient through initials, birth year and the practice’s own number', async () => {
    await register(gp, { patientInitials: 'j a', patientBirthYear: '1942', localPatientNumber: 'HIS-1' });
    expect((await harness.bot.store.deaths.inRegion('mijnstreek'))[0]!.patientRef).toBe(patientRef);
  });

  it('lets a coordinator of the region register with a consult reference only', async () => {
    const karin = harness.user('karin-bosch');
    expect(await register(karin, { patientInitials: 'J.A.', patientBirthYear: '1942' })).toContain('Gebruik als coördinator de consultreferentie.');
    expect(await register(karin, { consultRef, place: 'ziekenhuis' })).toContain('geregistreerd');
    expect((await harness.bot.store.deaths.inRegion('mijnstreek'))[0]!.place).toBe('ziekenhuis');
  });

  it('refuses another GP’s consult, a specialist, and an invalid form, storing nothing', async () => {
    const bram = harness.user('bram-janssen');
    expect(await register(bram, { consultRef })).toContain('Geen consult met deze referentie waarvoor u dit mag registreren.');
    const els = harness.user('els-vermeulen');
    await els.say('overlijden registreren');
    expect(els.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
    const invalid = await register(gp, { consultRef, dateOfDeath: 'gisteren', place: 'ergens' });
    expect(invalid).toContain('Er is nog niets geregistreerd.');
    expect((await harness.bot.store.deaths.inRegion('mijnstreek'))).toEqual([]);
  });

  it('shows the outcome figures on the statistics card, suppressed while small', async () => {
    await register(gp, { consultRef });
    const karin = harness.user('karin-bosch');
    await karin.say('statistiek');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('Overleden (geregistreerd): <5');
    expect(text).toContain('KPI 19/28: onderdrukt');
    expect(text).toContain('KPI 23: niet vastgelegd');
  });
});

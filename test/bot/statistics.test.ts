import * as AC from 'adaptivecards';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, oneTimeLink, type TeamsUser } from '../support/botUnderTest.js';

let harness: BotUnderTest;
let karin: TeamsUser;

beforeEach(async () => {
  harness = await BotUnderTest.start();
  karin = harness.user('karin-bosch');
});
afterEach(async () => {
  await harness.stop();
});

async function requestConsults(requesterId: string, subRegionId: string, count: number, accept?: TeamsUser) {
  const gp = harness.user(requesterId);
  await gp.install();
  if (accept) await accept.install();
  for (let i = 0; i < count; i++) {
    const { consult } = await gp.requestConsult({ patientInitials: 'G.H.', patientBirthYear: String(1930 + i), subRegionId, question: 'Pijnbestrijding bij botmetastasen?' });
    if (accept) {
      harness.clock.advanceMinutes(2 + i);
      await accept.press('consult.accept', { consultId: consult.id });
    }
  }
}

/** A line reference into the seed documents, such as 000:3418 or 000:3415-3422. */
const SEED_REFERENCE = /\b00\d:\d{3,4}/;

function parseWarnings(card: object): string[] {
  const context = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}

describe('statistiek for coordinators', () => {
  it('shows the figures of the coordinator’s own region, with charts that fall back to tables', async () => {
    await requestConsults('anna-de-vries', 'westelijke-mijnstreek', 6, harness.user('els-vermeulen'));
    await requestConsults('bram-janssen', 'oostelijk-zuid-limburg', 2);
    await karin.say('statistiek');
    const card = karin.lastCard().card;
    const text = cardText(card);
    expect(text).toContain('Consultatiestatistiek Mijnstreek');
    expect(text).toContain('Periode: 2026-Q4');
    expect(text).toContain('Aangevraagd: 8');
    // 6 of 8 accepted would say that exactly 2 went unanswered: both are suppressed.
    expect(text).toContain('Geaccepteerd: onderdrukt');
    expect(text).toContain('Niet beantwoord (terugvalnummer): <5');
    // Waits 2..7 minutes: median 4.5, p90 by nearest rank the 6th value, 7.
    expect(text).toContain('Tijd tot acceptatie, mediaan: 4.5 min');
    expect(text).toContain('Tijd tot acceptatie, 90e percentiel: 7 min');
    expect(text).toContain('Verschillende aanvragers: <5');
    expect(text).toContain('Subregio’s zonder aanvragen: geen');
    const chart = JSON.stringify(card);
    expect(chart).toContain('"type":"Chart.Donut"');
    expect(chart).toContain('{"legend":"Kantoortijd","value":8}');
    expect(chart).not.toContain('${');
    // Only the chart elements are unknown to the plain SDK, and they carry a table fallback.
    const warnings = parseWarnings(card);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => /Unknown element type "Chart\.(VerticalBar|Donut)"\. Fallback will be used/.test(w))).toBe(true);
  });

  it('labels the monitoring figures and KPIs in words, without line references into the plan, on the card and in the CSV', async () => {
    await requestConsults('anna-de-vries', 'westelijke-mijnstreek', 6, harness.user('els-vermeulen'));
    await karin.say('statistiek');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('Monitoring inzet specialisten PZ');
    expect(text).toContain('# telefonische consultaties: 0');
    expect(text).toContain('Specialist PZ ingezet, laatste 30 dagen voor overlijden: –');
    expect(text).toContain('KPI 19/28: –');
    expect(text).not.toMatch(SEED_REFERENCE);

    await karin.say('export kpi');
    const download = karin.lastCard();
    const csvButton = download.card.actions[0];
    const linkCard = await karin.press(csvButton.verb, csvButton.data, download.activityId);
    const csv = await (await fetch(oneTimeLink(linkCard))).text();
    expect(csv).toContain('Monitoring inzet specialisten PZ;# bed-side consultaties;0');
    expect(csv).toContain('Definitie;;"KPI 19: ""De fractie');
    expect(csv).not.toMatch(SEED_REFERENCE);
  });

  it('narrows to a sub-region and hides a group smaller than five', async () => {
    await requestConsults('anna-de-vries', 'westelijke-mijnstreek', 5);
    await requestConsults('bram-janssen', 'oostelijk-zuid-limburg', 3);
    await karin.say('statistiek 2026-Q4 Oostelijk Zuid-Limburg');
    const text = cardText(karin.lastCard().card);
    expect(text).toContain('Consultatiestatistiek Oostelijk Zuid-Limburg');
    expect(text).toContain('Aangevraagd: <5');
    expect(text).toContain('Subregio’s zonder aanvragen: geen');
    await karin.say('statistiek 2026-Q4 westelijke-mijnstreek');
    expect(cardText(karin.lastCard().card)).toContain('Aangevraagd: 5');
  });

  it('never shows another region: a Drenthe coordinator does not see Mijnstreek, and Mijnstreek cannot ask for Drenthe', async () => {
    await requestConsults('anna-de-vries', 'westelijke-mijnstreek', 5);
    const bea = harness.user('bea-jonker');
    await bea.say('statistiek');
    const text = cardText(bea.lastCard().card);
    expect(text).toContain('Consultatiestatistiek Drenthe & Steenwijkerland');
    expect(text).toContain('Aangevraagd: 0');
    await karin.say('statistiek 2026-Q4 Noord-Drenthe');
    expect(karin.messages().at(-1)).toContain('Die periode of subregio ken ik niet');
  });

  it('refuses generalists and specialists', async () => {
    for (const id of ['anna-de-vries', 'els-vermeulen']) {
      const user = harness.user(id);
      await user.say('statistiek');
      expect(user.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
    }
  });

  it('answers a period it cannot read with examples', async () => {
    await karin.say('statistiek gisteren');
    expect(karin.messages().at(-1)).toContain('Voorbeelden: statistiek 2026-Q3');
  });
});

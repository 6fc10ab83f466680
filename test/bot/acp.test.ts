import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as AC from 'adaptivecards';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyAcpSummary } from '../../src/fhir/acpSummary.js';
import { importAcpText } from '../../src/fhir/importAcp.js';
import { AttachmentHost } from '../support/attachmentHost.js';
import { BotUnderTest, cardText, oneTimeLink, type TeamsUser } from '../support/botUnderTest.js';

/** Files as Teams serves attachments: a pre-authorised download URL on a host of its own. */
const HENDRIK = readFileSync('test/fixtures/fhir/QuestionnaireResponse-HendrikHartman-20201001.json', 'utf8');
const SAMIRA = readFileSync('test/fixtures/fhir/QuestionnaireResponse-SamiraVanDerSluijs-20251117.json', 'utf8');
const files: Record<string, string> = {
  'hendrik.json': HENDRIK,
  'samira.json': SAMIRA,
  'truncated.json': HENDRIK.slice(0, 2000),
  'observation.json': JSON.stringify({ resourceType: 'Observation', status: 'final' }),
  'capacity-not-discussed.json': capacityNotDiscussed(),
  'other-questionnaire.json': HENDRIK.replace(/"questionnaire"\s*:\s*"[^"]*"/, '"questionnaire": "http://example.org/Questionnaire/anders"'),
  'huge.json': `{"resourceType":"QuestionnaireResponse","pad":"${'x'.repeat(11 * 1024 * 1024)}"}`,
};
/** Hendrik's ACP with wilsbekwaamheid unanswered and a note that only says so ("Nog niet besproken"). */
function capacityNotDiscussed(): string {
  const response = JSON.parse(HENDRIK);
  const visit = (items: { linkId: string; answer?: unknown[]; item?: unknown[] }[]): void => {
    const index = items.findIndex((item) => item.linkId === '1406');
    if (index >= 0) items.splice(index, 1, { linkId: '1406' }, { linkId: '1407', answer: [{ valueString: 'Nog niet besproken' }] });
    for (const item of items) if (item.item) visit(item.item as typeof items);
  };
  visit(response.item);
  return JSON.stringify(response);
}
const attachments = new AttachmentHost(files);
beforeAll(() => attachments.start());
afterAll(() => attachments.stop());

let harness: BotUnderTest;
let gp: TeamsUser;
let els: TeamsUser;
beforeEach(async () => {
  harness = await BotUnderTest.start({ env: { ATTACHMENT_HOSTS: '127.0.0.1' } });
  gp = harness.user('anna-de-vries');
  els = harness.user('els-vermeulen');
  await Promise.all([gp.install(), els.install()]);
  attachments.requested.length = 0;
});
afterEach(async () => {
  await harness.stop();
});

async function importFile(user: TeamsUser, name: string, host = attachments.url, command = 'acp importeren HIS-1') {
  await user.post(
    user.activity({
      type: 'message',
      text: command,
      attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name, content: { downloadUrl: `${host}/${name}`, fileType: 'json' } }],
    }),
  );
  return user.messages().at(-1) ?? '';
}

/** Anna asks a consult about Hendrik (H.H., 1961, her number HIS-1) and Els accepts it. */
async function consultAboutHendrik() {
  const { consult } = await gp.requestConsult({ patientInitials: 'H.H.', patientBirthYear: '1961', localPatientNumber: 'HIS-1', urgency: 'spoed', question: 'Benauwd, wat zijn de afspraken?' });
  return consult;
}

async function auditActions() {
  const found: string[] = [];
  for await (const entry of harness.bot.auditTrail.entries()) if (entry.action.startsWith('acp.')) found.push(`${entry.actorId} ${entry.action} ${entry.result}`);
  return found;
}

describe('importing an ACP in chat', () => {
  it('reads the IKNL QuestionnaireResponse, files it under the practice’s pseudonym, and shows the regiebehandelaar the card', async () => {
    await importFile(gp, 'hendrik.json');
    expect(gp.messages().join('\n')).toMatch(/ACP ingelezen voor H\.H\. \(1961\), patiëntreferentie P-[0-9A-Z]{10}\./);
    expect(gp.messages().join('\n')).toContain('Toestemming om te delen: ja');
    const card = cardText(gp.lastCard().card);
    expect(card).toContain('Patiënt H.H. (1961)');
    expect(card).toContain('Gesprek 1 oktober 2020, 18:27, door van Huissen (Huisarts)');
    expect(card).toContain('Dit gesprek is 6 jaar en 1 maand geleden gevoerd: ga na of de afspraken nog gelden.');
  });

  it('shows "Niet besproken" once, not with a note that only repeats it', async () => {
    await importFile(gp, 'capacity-not-discussed.json');
    const card = cardText(gp.lastCard().card);
    expect(card).toContain('Wilsbekwaam: Niet besproken');
    expect(card).not.toContain('Niet besproken (Nog niet besproken)');
  });

  it.each([
    ['truncated JSON', 'truncated.json', 'geen geldige JSON'],
    ['a wrong resourceType', 'observation.json', 'Observation'],
    ['another questionnaire', 'other-questionnaire.json', 'ACP-zib2020'],
    ['a file over 10 MB', 'huge.json', 'groter dan 10 MB'],
  ])('refuses %s with a Dutch message and stores nothing', async (_name, file, message) => {
    const reply = await importFile(gp, file);
    expect(reply).toContain('Het ACP is niet ingelezen; er is niets opgeslagen.');
    expect(reply).toContain(message);
    expect(await readdir(harness.storeDir)).not.toContain('acp');
  });

  it('never fetches from a host that is not on the allow-list', async () => {
    const port = new URL(attachments.url).port;
    const reply = await importFile(gp, 'hendrik.json', `http://localhost:${port}`);
    expect(reply).toBe('Deze bijlage komt niet van een toegestane bron en is niet opgehaald. Er is niets ingelezen.');
    expect(attachments.requested).toEqual([]);
  });
});

describe('who may see an ACP', () => {
  it('shows it to the requester and, on accepting, to the specialist; refuses everyone else in the same words; audits all', async () => {
    await importFile(gp, 'hendrik.json');
    const consult = await consultAboutHendrik();
    expect(cardText(els.lastCard().card)).toContain('Er is een PZP/ACP van deze patiënt; u ziet het zodra u accepteert.');
    await els.say(`acp ${consult.ref}`);
    expect(els.messages().at(-1)).toBe('Er is geen ACP dat u voor deze patiënt mag inzien.');

    const offer = els.lastCard();
    const accepted = await els.press('consult.accept', { consultId: consult.id }, offer.activityId);
    // Once accepted, the card no longer promises what has happened: it says how to open the ACP again.
    expect(cardText(accepted)).toContain(`Er is een PZP/ACP van deze patiënt; typ "acp ${consult.ref}" om het te openen.`);
    expect(cardText(accepted)).not.toContain('zodra u accepteert');
    expect(cardText(els.cards().find((c) => cardText(c.card).includes('Proactieve zorgplanning'))!.card)).toContain('Patiënt H.H. (1961)');
    await els.say(`acp ${consult.ref}`);
    expect(cardText(els.lastCard().card)).toContain('Behandelgrenzen');
    await gp.say(`acp ${consult.ref}`);
    expect(cardText(gp.lastCard().card)).toContain('Behandelgrenzen');

    const frank = harness.user('frank-geurts');
    await frank.say(`acp ${consult.ref}`);
    await frank.say(`acp ${consult.patientRef}`);
    expect(frank.messages().slice(-2)).toEqual(['Er is geen ACP dat u voor deze patiënt mag inzien.', 'Er is geen ACP dat u voor deze patiënt mag inzien.']);
    await frank.say('acp C-ZZZZ');
    expect(frank.messages().at(-1)).toBe('Er is geen ACP dat u voor deze patiënt mag inzien.');
    const karin = harness.user('karin-bosch');
    await karin.say(`acp ${consult.ref}`);
    expect(karin.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');

    expect(await auditActions()).toEqual([
      'anna-de-vries acp.import toegestaan',
      'anna-de-vries acp.view toegestaan',
      'els-vermeulen acp.view geweigerd',
      'els-vermeulen acp.view toegestaan',
      'els-vermeulen acp.view toegestaan',
      'anna-de-vries acp.view toegestaan',
      'frank-geurts acp.view geweigerd',
      'frank-geurts acp.view geweigerd',
      'frank-geurts acp.view geweigerd',
      'karin-bosch acp.view geweigerd',
    ]);
    const refused = [];
    for await (const entry of harness.bot.auditTrail.entries()) if (entry.actorId === 'frank-geurts' && entry.action === 'acp.view') refused.push(entry.patientRef);
    expect(refused.slice(0, 2)).toEqual([consult.patientRef, consult.patientRef]);
  });

  it('shows it to nobody when the patient did not agree to sharing', async () => {
    // The answer to item 1201 ("Patiënt gaat akkoord met het delen…") turned into "Nee".
    const noConsent = HENDRIK.replace('"441898007"', '"373067005"');
    files['hendrik-no-consent.json'] = noConsent;
    expect(importAcpText(noConsent)).toMatchObject({ ok: true, summary: { akkoordMetDelen: 'nee' } });
    await importFile(gp, 'hendrik-no-consent.json');
    expect(gp.messages().join('\n')).toContain('Toestemming om te delen: nee');
    const consult = await consultAboutHendrik();
    await gp.say(`acp ${consult.ref}`);
    expect(gp.messages().at(-1)).toBe('Er is geen ACP dat u voor deze patiënt mag inzien.');
    expect(cardText(els.lastCard().card)).not.toContain('PZP/ACP');
  });
});

describe('the ACP card and the way back', () => {
  it('expands to a valid Adaptive Card without warnings, marking each limit in words', async () => {
    await importFile(gp, 'hendrik.json');
    const card = gp.lastCard().card;
    const context = new AC.SerializationContext();
    new AC.AdaptiveCard().parse(card, context);
    expect(context.eventCount).toBe(0);
    expect(JSON.stringify(card)).not.toContain('${');
    const text = cardText(card);
    for (const limit of ['Reanimatie', 'Kunstmatige beademing', 'IC-opname', 'Ziekenhuisopname', 'Antibiotica', 'Bloedproducten']) expect(text).toContain(limit);
    expect(text).toMatch(/✔ Wel uitvoeren|✖ NIET uitvoeren|⚠ Anders|— Niet besproken/);
    expect(card.body.slice(0, 6)).toMatchSnapshot();
  });

  it('exports the ACP as a QuestionnaireResponse that reads back to the same summary', async () => {
    await importFile(gp, 'hendrik.json');
    const consult = await consultAboutHendrik();
    await gp.say(`acp exporteren ${consult.ref}`);
    const button = gp.lastCard().card.actions[0];
    const url = oneTimeLink(await gp.press(button.verb, button.data));
    const exported = await (await fetch(url)).text();
    const again = importAcpText(exported);
    expect(again.ok && again.summary).toEqual((await harness.bot.store.acps.get(consult.patientRef))!.summary);
  });

  it('shows every recorded contact detail and answer, and "niet besproken" for what was not recorded', async () => {
    await importFile(gp, 'samira.json');
    const samira = cardText(gp.lastCard().card);
    expect(samira).toContain('Gesprek 17 november 2025, 09:14, door Desirée Wolters (Huisarts)');
    expect(samira).toContain('Gesprek in bijzijn van: patiënt, Zuster');
    expect(samira).toContain('Wettelijk vertegenwoordiger: Gert-Jan de Jong, Echtgenoot, Wettelijke vertegenwoordiger');
    expect(samira).toContain('Telefoon: 06-11111111 (mobiel, thuis)');
    expect(samira).toContain('E-mail: gert-jan@test.nl (privé)');
    expect(samira).toContain('Eerste contactpersoon: Maya van der Sluijs, Zuster');
    expect(samira).toContain('E-mail: maya@test.nl (privé)');
    expect(samira).toContain('Daarin andere wensen dan nu: Ja');
    expect(samira).toContain('vragenlijst ACP-zib2020 versie 1.0.0-rc3');
    // Every free text and every name part the summary holds is on the card.
    const summary = (await harness.bot.store.acps.get(/P-[0-9A-Z]{10}/.exec(gp.messages().join('\n'))![0]))!.summary;
    const CODED = new Set(['schemaVersie', 'canonical', 'versie', 'initialen', 'datum', 'tijdstip', 'type', 'soort', 'waarde', 'besluit']);
    const texts = (value: unknown, key = ''): string[] =>
      typeof value === 'string' ? (CODED.has(key) || /^(ja|nee|onbekend)$/.test(value) ? [] : [value])
        : Array.isArray(value) ? value.flatMap((entry) => texts(entry, key))
          : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => texts(v, k)) : [];
    expect(texts(summary).length).toBeGreaterThan(25);
    expect(texts(summary).filter((text) => !samira.includes(text))).toEqual([]);

    await importFile(gp, 'hendrik.json');
    const hendrik = cardText(gp.lastCard().card);
    // The representative has an e-mail address and no phone number: both said, neither hidden.
    expect(hendrik).toContain('Wettelijk vertegenwoordiger: Michiel Hartman, Broer\nTelefoon: niet besproken\nE-mail: michiel.hartman@iknl.nl (privé)');
    expect(hendrik).toContain('Eerste contactpersoon: dezelfde als de wettelijk vertegenwoordiger');
    expect(hendrik).toContain('Daarin andere wensen dan nu: Niet besproken');
    expect(hendrik).toContain('Gesprek in bijzijn van: patiënt, Broer');
    const context = new AC.SerializationContext();
    new AC.AdaptiveCard().parse(gp.lastCard().card, context);
    expect(context.eventCount).toBe(0);
  });

  it('tells the user on "acp exporteren" what the export cannot hold, and that nothing is lost when so', async () => {
    await importFile(gp, 'samira.json');
    const samiraRef = /P-[0-9A-Z]{10}/.exec(gp.messages().join('\n'))![0];
    await gp.say(`acp exporteren ${samiraRef}`);
    expect(gp.messages().at(-1)).toBe(
      'Let op, dit gaat bij het exporteren verloren:\n\n- Vragenlijst: het ACP is ingevuld op versie 1.0.0-rc3 (https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020); de export volgt versie 0.1.3-beta3 (https://fhir.iknl.nl/fhir/Questionnaire/ACP-zib2020).',
    );
    expect(cardText(gp.lastCard().card)).toContain('Niet alles past in de vragenlijst (1); zie het bericht hierboven.');

    await importFile(gp, 'hendrik.json', attachments.url, 'acp importeren HIS-2');
    const hendrikRef = [...gp.messages().join('\n').matchAll(/P-[0-9A-Z]{10}/g)].at(-1)![0];
    const before = gp.messages().length;
    await gp.say(`acp exporteren ${hendrikRef}`);
    expect(gp.messages()).toHaveLength(before);
    expect(cardText(gp.lastCard().card)).toContain('Alles uit de samenvatting staat in het bestand.');
  });

  it('still shows an ACP stored before name parts and all contact details were kept', async () => {
    const v1 = JSON.parse(JSON.stringify(emptyAcpSummary())) as Record<string, unknown>;
    for (const key of ['schemaVersie', 'vragenlijst', 'inBijzijnVan']) delete v1[key];
    Object.assign(v1, {
      patient: { initialen: 'H.H.', geboortejaar: 1961 },
      gesprek: { gevoerdDoor: 'van Huissen', functie: 'Huisarts', datum: '2020-10-01' },
      akkoordMetDelen: 'ja',
      wettelijkVertegenwoordiger: { naam: 'Michiel Hartman', relatie: 'Broer', telefoon: null, email: 'michiel.hartman@iknl.nl', rollen: [] },
      vertegenwoordigerIsEersteContactpersoon: 'ja',
      eersteContactpersoon: { naam: 'Michiel Hartman', relatie: 'Broer', telefoon: null, email: 'michiel.hartman@iknl.nl' },
    });
    const record = { patientRef: 'P-OLD0000000', summary: v1, importedAt: '2025-01-01T00:00:00.000Z', importedBy: 'anna-de-vries', regiebehandelaarId: 'anna-de-vries', source: 'oud.json' };
    await harness.bot.store.acps.save(record as unknown as Parameters<typeof harness.bot.store.acps.save>[0]);
    await gp.say('acp P-OLD0000000');
    const card = cardText(gp.lastCard().card);
    expect(card).toContain('Gesprek 1 oktober 2020, door van Huissen (Huisarts)');
    expect(card).toContain('Wettelijk vertegenwoordiger: Michiel Hartman, Broer\nTelefoon: niet besproken\nE-mail: michiel.hartman@iknl.nl');
  });
});

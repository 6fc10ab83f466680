import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importAcp } from '../../src/fhir/importAcp.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/fhir/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function importHendrik() {
  const result = importAcp(fixture('QuestionnaireResponse-HendrikHartman-20201001.json'));
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}

describe('import of the ACP-zib2020 QuestionnaireResponse (Hendrik Hartman, 2020-10-01)', () => {
  it('imports without problems or warnings', () => {
    expect(importHendrik().warnings).toEqual([]);
  });

  it('keeps only initials and birth year of the patient', () => {
    const { summary } = importHendrik();
    expect(summary.patient).toEqual({ initialen: 'H.H.', geboortejaar: 1961 });
  });

  it('records who held the conversation and when, keeping the name parts and the time', () => {
    expect(importHendrik().summary.gesprek).toEqual({
      gevoerdDoor: { voornamen: null, voorvoegsels: 'van', achternaam: 'Huissen' },
      functie: 'Huisarts',
      datum: '2020-10-01',
      tijdstip: '2020-10-01T16:27:36.364Z',
    });
  });

  it('keeps who was present at the conversation (group 78)', () => {
    expect(importHendrik().summary.inBijzijnVan).toEqual({ patient: true, rollen: [], relaties: ['Broer'] });
  });

  it('reads dates near midnight UTC as the Dutch date: 2020-11-08T23:30Z is 9 November, a birth at 1960-12-31T23:30Z is 1961', () => {
    const qr = fixture('QuestionnaireResponse-HendrikHartman-20201001.json');
    const item = [
      { linkId: '963', answer: [{ valueDateTime: '2020-11-08T23:30Z' }] },
      { linkId: '967', answer: [{ valueDateTime: '1960-12-31T23:30:00Z' }] },
    ];
    const result = importAcp({ ...qr, item });
    expect(result.ok && result.summary.gesprek).toMatchObject({ datum: '2020-11-09', tijdstip: '2020-11-08T23:30Z' });
    expect(result.ok && result.summary.patient.geboortejaar).toBe(1961);
    // In summer the offset is two hours: 22:30 UTC on 30 June is already 1 July.
    const summer = importAcp({ ...qr, item: [{ linkId: '963', answer: [{ valueDateTime: '2024-06-30T22:30:00Z' }] }] });
    expect(summer.ok && summer.summary.gesprek.datum).toBe('2024-07-01');
    // A date without a time is a calendar date already, and stays as written.
    const dateOnly = importAcp({ ...qr, item: [{ linkId: '963', answer: [{ valueDate: '2020-11-08' }] }] });
    expect(dateOnly.ok && dateOnly.summary.gesprek).toMatchObject({ datum: '2020-11-08', tijdstip: null });
  });

  it('reads every treatment limit', () => {
    const limits = importHendrik().summary.behandelgrenzen;
    const doIt = { besluit: 'wel uitvoeren', specificatie: null, toelichting: null };
    expect(limits.reanimatie).toEqual(doIt);
    expect(limits.kunstmatigeBeademing).toEqual(doIt);
    expect(limits.icOpname).toEqual(doIt);
    expect(limits.ziekenhuisopname).toEqual(doIt);
    expect(limits.antibiotica).toEqual(doIt);
    expect(limits.bloedproducten).toEqual(doIt);
    expect(limits.overig).toEqual({
      besluit: 'niet uitvoeren',
      specificatie: null,
      toelichting: 'Alleen de bovengenomende afspraken zijn besproken',
      behandeling: null,
    });
    expect(limits.icd).toEqual({
      heeftIcd: 'ja',
      toelichting: 'Geïmplanteerd in 2018',
      uitzetten: { besluit: 'niet besproken', toelichting: 'Daar wil Hendrik het nog niet over hebben' },
    });
  });

  it('reads the consent to share, the place of death and the representative', () => {
    const { summary } = importHendrik();
    expect(summary.akkoordMetDelen).toBe('ja');
    expect(summary.gewenstePlekVanOverlijden).toEqual({ waarde: 'onbekend', tekst: 'Nog onbekend', toelichting: 'Nog niet besproken' });
    const michiel = {
      naam: { voornamen: 'Michiel', voorvoegsels: null, achternaam: 'Hartman' },
      relatie: 'Broer',
      rollen: [],
      telefoons: [],
      emails: [{ adres: 'michiel.hartman@iknl.nl', soort: 'HP' }],
    };
    expect(summary.wettelijkVertegenwoordiger).toEqual(michiel);
    expect(summary.vertegenwoordigerIsEersteContactpersoon).toBe('ja');
    expect(summary.eersteContactpersoon).toEqual(michiel);
  });

  it('reads capacity, goal, wishes and the remaining questions', () => {
    const { summary } = importHendrik();
    expect(summary.wilsbekwaamheid).toEqual({ wilsbekwaam: 'ja', toelichting: null });
    expect(summary.doelBehandeling).toEqual({
      waarde: 'palliatief levensverlengend',
      tekst: 'Palliatief met als doel levensverlenging én symptoomverlichting',
    });
    expect(summary.specifiekeWensen).toMatch(/^Hendrik wil er alles aan doen/);
    expect(summary.euthanasieStandpunt).toEqual({ waarde: 'onbekend', tekst: 'Nog onbekend', toelichting: 'Nog niet besproken' });
    expect(summary.orgaandonatieGeregistreerd).toBe('ja');
    // Verbatim, including the trailing space in the source.
    expect(summary.watVerderBelangrijkIs).toBe('Michiel gaat nadenken over wat hij belangrijk vindt. Over een tijdje vervolggesprek ');
    expect(summary.eerdereWilsverklaringen).toEqual({ vastgelegd: 'nee', toelichting: null, andereWensenDanNu: 'onbekend' });
    expect(summary.patientGeinformeerdOverEigenVerantwoordelijkheid).toBe('ja');
  });

  it('represents unanswered questions explicitly', () => {
    const qr = fixture('QuestionnaireResponse-HendrikHartman-20201001.json');
    const result = importAcp({ ...qr, item: [{ linkId: '963', answer: [{ valueDateTime: '2024-02-03' }] }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { summary } = result;
    expect(summary.behandelgrenzen.reanimatie.besluit).toBe('niet besproken');
    expect(summary.behandelgrenzen.icd.heeftIcd).toBe('onbekend');
    expect(summary.akkoordMetDelen).toBe('onbekend');
    expect(summary.wilsbekwaamheid.wilsbekwaam).toBe('onbekend');
    expect(summary.wettelijkVertegenwoordiger).toBeNull();
    expect(summary.gewenstePlekVanOverlijden.waarde).toBe('onbekend');
    expect(summary.patient).toEqual({ initialen: null, geboortejaar: null });
  });

  it("reads 'anders' with its specification verbatim", () => {
    const qr = fixture('QuestionnaireResponse-HendrikHartman-20201001.json');
    const anders = { system: 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.25.1', code: '1', display: 'Anders' };
    const item = [
      { linkId: '1386', answer: [{ valueCoding: anders, item: [{ linkId: '1001', answer: [{ valueString: '  Alleen bij  een behandelbare oorzaak' }] }] }] },
    ];
    const result = importAcp({ ...qr, item });
    expect(result.ok && result.summary.behandelgrenzen.reanimatie).toEqual({
      besluit: 'anders',
      specificatie: '  Alleen bij  een behandelbare oorzaak',
      toelichting: null,
    });
  });

  it('replaces a BSN in free text and says so', () => {
    const qr = fixture('QuestionnaireResponse-HendrikHartman-20201001.json');
    const result = importAcp({ ...qr, item: [{ linkId: '1196', answer: [{ valueString: 'BSN 111222333 staat in het dossier' }] }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.watVerderBelangrijkIs).toBe('BSN [BSN verwijderd] staat in het dossier');
    expect(JSON.stringify(result)).not.toContain('111222333');
    expect(result.warnings.join(' ')).toContain('BSN');
  });

  it('names every answer it does not take over instead of dropping it', () => {
    const qr = fixture('QuestionnaireResponse-HendrikHartman-20201001.json');
    const item = [
      { linkId: '1650', answer: [{ valueCoding: { code: '1156040003', display: 'Self reported (qualifier value)' } }] },
      { linkId: '4242', answer: [{ valueString: 'Een vraag uit een nieuwere versie' }] },
      { linkId: '997', answer: [{ valueCoding: { code: '15', display: 'Mentor' } }], item: [{ linkId: '414', answer: [{ valueString: 'Buurvrouw' }] }] },
    ];
    const result = importAcp({ ...qr, item });
    expect(result.ok && result.warnings).toEqual([
      "Vraag 414: 'Anders, namelijk: Buurvrouw' is ingevuld zonder dat 'Anders' is gekozen; niet overgenomen.",
      'Vraag 1650 (hoe de keuze orgaandonatie is vastgesteld (meetmethode)) staat niet in de samenvatting en is niet overgenomen.',
      'Vraag 4242 is onbekend in ACP-zib2020 en is niet overgenomen.',
    ]);
    expect(result.ok && result.summary.inBijzijnVan.rollen).toEqual(['Mentor']);
  });

  it('warns about an unfinished form and refuses one entered in error', () => {
    const qr = fixture('QuestionnaireResponse-HendrikHartman-20201001.json');
    const unfinished = importAcp({ ...qr, status: 'in-progress' });
    expect(unfinished.ok && unfinished.warnings).toContain('De vragenlijst is niet afgerond (status in-progress).');
    expect(importAcp({ ...qr, status: 'entered-in-error' })).toEqual({
      ok: false,
      problems: ['De QuestionnaireResponse is als foutief ingevoerd gemarkeerd (status entered-in-error).'],
    });
  });
});

describe('import of the IKNL 1.0.0-rc example QuestionnaireResponse (Samira van der Sluijs, 2025-11-17)', () => {
  const result = importAcp(fixture('QuestionnaireResponse-SamiraVanDerSluijs-20251117.json'));
  const summary = result.ok ? result.summary : undefined;

  it('accepts the new canonical and records the version it was filled in on', () => {
    expect(summary?.vragenlijst).toEqual({ canonical: 'https://api.iknl.nl/docs/pzp/r4/Questionnaire/ACP-zib2020', versie: '1.0.0-rc3' });
    expect(result.ok && result.warnings).toEqual([
      'Vraag 1650 (hoe de keuze orgaandonatie is vastgesteld (meetmethode)) staat niet in de samenvatting en is niet overgenomen.',
    ]);
  });

  it('reads the ja/nee answers the new version gives as booleans, and the new linkIds', () => {
    expect(summary?.wilsbekwaamheid).toEqual({
      wilsbekwaam: 'ja',
      toelichting: 'Patiënt is wilsbekwaam. Bij verandering van de situatie wordt haar partner haar wettelijk vertegenwoordiger.',
    });
    expect(summary?.vertegenwoordigerIsEersteContactpersoon).toBe('nee');
    expect(summary?.patientGeinformeerdOverEigenVerantwoordelijkheid).toBe('ja');
    expect(summary?.inBijzijnVan).toEqual({ patient: true, rollen: [], relaties: ['Zuster'] });
  });

  it('keeps both contact persons with name parts, phone numbers and e-mail addresses', () => {
    expect(summary?.wettelijkVertegenwoordiger).toEqual({
      naam: { voornamen: 'Gert-Jan', voorvoegsels: 'de', achternaam: 'Jong' },
      relatie: 'Echtgenoot',
      rollen: ['Wettelijke vertegenwoordiger'],
      telefoons: [{ nummer: '06-11111111', type: 'MC', soort: 'HP', toelichting: null }],
      emails: [{ adres: 'gert-jan@test.nl', soort: 'HP' }],
    });
    expect(summary?.eersteContactpersoon).toEqual({
      naam: { voornamen: 'Maya', voorvoegsels: 'van der', achternaam: 'Sluijs' },
      relatie: 'Zuster',
      rollen: [],
      telefoons: [{ nummer: '06-22222222', type: 'MC', soort: 'HP', toelichting: null }],
      emails: [{ adres: 'maya@test.nl', soort: 'HP' }],
    });
  });

  it('reads the patient, the conversation and the answers', () => {
    expect(summary?.patient).toEqual({ initialen: 'S.L.S.', geboortejaar: 1959 });
    expect(summary?.gesprek).toEqual({
      gevoerdDoor: { voornamen: 'Desirée', voorvoegsels: null, achternaam: 'Wolters' },
      functie: 'Huisarts',
      datum: '2025-11-17',
      tijdstip: '2025-11-17T08:14:44.468Z',
    });
    expect(summary?.behandelgrenzen.ziekenhuisopname.besluit).toBe('anders');
    expect(summary?.behandelgrenzen.icd.uitzetten.besluit).toBe('nog geen besluit');
    expect(summary?.eerdereWilsverklaringen).toEqual({ vastgelegd: 'ja', toelichting: 'Mevrouw heeft al twee eerdere PZP gesprekken gevoerd', andereWensenDanNu: 'ja' });
    expect(summary?.akkoordMetDelen).toBe('ja');
  });
});

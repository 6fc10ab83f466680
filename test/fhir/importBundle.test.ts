import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importAcp } from '../../src/fhir/importAcp.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/fhir/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

function importSamira(bundle = fixture('Bundle-SamiraVanDerSluijs.json')) {
  const result = importAcp(bundle);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result;
}

describe('import of the PZP resource Bundle (Samira van der Sluijs, 2025-08-07)', () => {
  it('keeps only initials and birth year and drops the BSN', () => {
    const result = importSamira();
    expect(result.summary.patient).toEqual({ initialen: 'S.L.S.', geboortejaar: 1959 });
    expect(JSON.stringify(result)).not.toContain('999998298');
    expect(JSON.stringify(result.summary.patient)).not.toMatch(/Samira|Louise|Sluijs/);
  });

  it('records who held the conversation and when', () => {
    expect(importSamira().summary.gesprek).toEqual({
      gevoerdDoor: { voornamen: 'Desiree', voorvoegsels: null, achternaam: 'Wolters' },
      functie: 'Huisartsen, niet nader gespecificeerd',
      datum: '2025-08-07',
      tijdstip: null,
    });
  });

  it('reads every treatment limit from the TreatmentDirective Consents', () => {
    const limits = importSamira().summary.behandelgrenzen;
    expect(limits.reanimatie).toEqual({ besluit: 'niet uitvoeren', specificatie: null, toelichting: null });
    expect(limits.kunstmatigeBeademing).toEqual({
      besluit: 'niet uitvoeren',
      specificatie: null,
      toelichting:
        'Mevrouw wil geen kunstmatige beademing omdat er te weinig kans is om nog van de beademing af te komen i.v.m. gezondheid.',
    });
    expect(limits.icOpname).toEqual({ besluit: 'niet uitvoeren', specificatie: null, toelichting: 'Hoeft niet meer van de patient' });
    expect(limits.ziekenhuisopname).toEqual({
      besluit: 'anders',
      specificatie: 'Alleen als de patiënt een kans heeft om weer uit het ziekenhuis te komen, anders hoeft het niet meer van mevrouw.',
      toelichting: null,
    });
    expect(limits.antibiotica).toEqual({ besluit: 'wel uitvoeren', specificatie: null, toelichting: null });
    // The Bundle has no Consent for blood products: not guessed.
    expect(limits.bloedproducten).toEqual({ besluit: 'niet besproken', specificatie: null, toelichting: null });
    expect(limits.overig).toEqual({
      besluit: 'niet uitvoeren',
      specificatie: null,
      toelichting:
        'wanneer door complicaties peritoneaal dialyse niet meer mogelijk is en de patiënt elke week in het ziekenhuis gedialyseerd zou moeten worden dan wil ze dat de dialyse stopt.',
      behandeling: 'Dialyse in het ziekenhuis',
    });
    expect(limits.icd).toEqual({
      heeftIcd: 'ja',
      toelichting: 'ICD is ongeveer eén jaar geleden geïmplanteerd.',
      uitzetten: { besluit: 'niet besproken', toelichting: 'Patiënt gaat dit volgende week met de cardioloog bespreken.' },
    });
  });

  it('reads the place of death, the representative and the consent to share', () => {
    const result = importSamira();
    const { summary } = result;
    expect(summary.gewenstePlekVanOverlijden).toEqual({ waarde: 'thuis', tekst: 'thuis (omgeving)', toelichting: 'Het liefst rustig thuis' });
    // nl-core's own-prefix and own-name give the form's voorvoegsels and achternaam.
    expect(summary.wettelijkVertegenwoordiger).toEqual({
      naam: { voornamen: 'Gert-Jan', voorvoegsels: 'de', achternaam: 'Jong' },
      relatie: 'Echtgenoot',
      rollen: ['Wettelijke vertegenwoordiger'],
      telefoons: [{ nummer: '0611111111', type: 'MC', soort: 'HP', toelichting: null }],
      emails: [{ adres: 'Gert-Jan@test.nl', soort: 'HP' }],
    });
    // Nobody has role 01 (eerste contactpersoon); Maya is 'contactpersoon' (23) and is reported instead.
    expect(summary.vertegenwoordigerIsEersteContactpersoon).toBe('onbekend');
    expect(summary.eersteContactpersoon).toBeNull();
    expect(result.warnings.some((w) => w.startsWith('Contactpersoon Maya van der Sluijs-Mulder (Zuster, Contactpersoon)'))).toBe(true);
    // The IG has no resource for "akkoord met delen": unknown, and the user is told so.
    expect(summary.akkoordMetDelen).toBe('onbekend');
    expect(result.warnings.some((w) => w.startsWith('Of de patiënt akkoord gaat met delen'))).toBe(true);
  });

  it('reads capacity, goal, observations, directives and the information given', () => {
    const { summary } = importSamira();
    expect(summary.wilsbekwaamheid).toEqual({
      wilsbekwaam: 'ja',
      toelichting: 'Patiënt is wilsbekwaam. Bij verandering van de situatie wordt haar partner haar wettelijk vertegenwoordiger.',
    });
    expect(summary.doelBehandeling).toEqual({ waarde: 'palliatief symptoomgericht', tekst: 'voorkomen en behandelen van symptomen' });
    expect(summary.specifiekeWensen).toMatch(/^De kleinzoon van mevrouw/);
    expect(summary.euthanasieStandpunt).toEqual({ waarde: 'wenst geen euthanasie', tekst: 'Wil geen euthanasie (bevinding)', toelichting: null });
    expect(summary.orgaandonatieGeregistreerd).toBe('ja');
    expect(summary.watVerderBelangrijkIs).toBe('Mevrouw is gek op haar kleinzoon, dus brengt graag veel tijd met hem door.');
    expect(summary.eerdereWilsverklaringen).toEqual({
      vastgelegd: 'ja',
      toelichting: 'Niet reanimeren verklaring (2025-06-28)',
      andereWensenDanNu: 'onbekend',
    });
    expect(summary.patientGeinformeerdOverEigenVerantwoordelijkheid).toBe('ja');
  });

  it('uses the most recent of two directives about the same treatment, and says so', () => {
    const bundle = fixture('Bundle-SamiraVanDerSluijs.json');
    const entries = bundle.entry as { resource: Record<string, unknown> }[];
    const resuscitation = entries.find((e) => e.resource.id === 'P2-ACP-TreatmentDirective-89666000');
    const newer = structuredClone(resuscitation!);
    newer.resource.id = 'newer';
    newer.resource.dateTime = '2025-09-01';
    (newer.resource.provision as Record<string, unknown>).type = 'permit';
    const result = importSamira({ ...bundle, entry: [...entries, newer] });
    expect(result.summary.behandelgrenzen.reanimatie.besluit).toBe('wel uitvoeren');
    expect(result.warnings).toContain('Meerdere behandelafspraken over reanimatie; de meest recente is gebruikt.');
  });

  it('reads the conversation time and the birth date in Dutch time', () => {
    const bundle = fixture('Bundle-SamiraVanDerSluijs.json');
    const entries = structuredClone(bundle.entry) as { resource: Record<string, unknown> }[];
    const encounter = entries.find((e) => e.resource.resourceType === 'Encounter')!;
    encounter.resource.period = { start: '2025-08-06T22:30:00Z' };
    const { summary } = importSamira({ ...bundle, entry: entries });
    expect(summary.gesprek).toMatchObject({ datum: '2025-08-07', tijdstip: '2025-08-06T22:30:00Z' });
  });

  it('refuses a Bundle without a patient, with two patients, or without ACP data', () => {
    const bundle = fixture('Bundle-SamiraVanDerSluijs.json');
    const entries = bundle.entry as { resource: Record<string, unknown> }[];
    const patient = entries.find((e) => e.resource.resourceType === 'Patient')!;
    expect(importAcp({ ...bundle, entry: entries.filter((e) => e !== patient) })).toEqual({
      ok: false,
      problems: ['De Bundle bevat geen Patient-resource.'],
    });
    expect(importAcp({ ...bundle, entry: [...entries, patient] })).toEqual({
      ok: false,
      problems: ['De Bundle bevat 2 Patient-resources; verwacht precies één patiënt.'],
    });
    expect(importAcp({ resourceType: 'Bundle', type: 'collection', entry: [patient] })).toEqual({
      ok: false,
      problems: ['De Bundle bevat geen ACP-gegevens (geen behandelgrens, wilsverklaring, behandeldoel of ACP-Observation).'],
    });
  });

  it('names a resource it does not read, such as the rc ACPInformRelativesRequest, instead of dropping it unseen', () => {
    const bundle = fixture('Bundle-SamiraVanDerSluijs.json') as { entry: unknown[] };
    const request = { resourceType: 'CommunicationRequest', id: 'inform-relatives', status: 'active', meta: { profile: ['https://api.iknl.nl/docs/pzp/r4/StructureDefinition/ACP-InformRelativesRequest'] } };
    const result = importSamira({ ...bundle, entry: [...bundle.entry, { fullUrl: 'urn:uuid:inform-relatives', resource: request }] });
    expect(result.warnings).toContain('De Bundle bevat een CommunicationRequest-resource die deze import niet leest; die is niet overgenomen.');
    expect(importSamira().warnings.some((warning) => warning.includes('niet leest'))).toBe(false);
  });
});

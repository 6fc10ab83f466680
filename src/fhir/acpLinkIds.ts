/**
 * Where every item of the Questionnaire ACP-zib2020 goes in the summary, by linkId: the summary
 * paths that hold its answer. A test walks the Questionnaire and fails on any linkId that is in
 * neither this table nor UNSUPPORTED_LINK_IDS, so a new item in the standard cannot be dropped
 * without anyone deciding to.
 *
 * FIXED marks the form's read-only codes (the zib's [MetingNaam], 'Behandeling'): the export writes
 * them back itself. Groups point at the part of the summary they fill.
 */
export const FIXED = 'vaste code van de vragenlijst';

const CONTACT = (who: 'wettelijkVertegenwoordiger' | 'eersteContactpersoon', ids: Record<string, string>) =>
  Object.fromEntries(Object.entries(ids).map(([linkId, field]) => [linkId, [field === '' ? who : `${who}.${field}`]]));

const LIMIT = (group: string, behandeling: string, besluit: string, specificatie: string | null, toelichting: string, name: string) => ({
  [group]: [`behandelgrenzen.${name}`],
  [behandeling]: [FIXED],
  [besluit]: [`behandelgrenzen.${name}.besluit`],
  ...(specificatie ? { [specificatie]: [`behandelgrenzen.${name}.specificatie`] } : {}),
  [toelichting]: [`behandelgrenzen.${name}.toelichting`],
});

export const LINK_ID_PLACES: Record<string, readonly string[]> = {
  '963': ['gesprek.datum', 'gesprek.tijdstip'],
  '7': ['patient'],
  // The bot keeps the patient as initials and birth year only; prefixes are not part of Dutch initials.
  '964': ['patient.initialen'],
  '965': ['patient.initialen'],
  '966': ['patient.initialen'],
  '967': ['patient.geboortejaar'],
  '8': ['gesprek'],
  '16': ['gesprek.gevoerdDoor'],
  '968': ['gesprek.gevoerdDoor.voornamen'],
  '969': ['gesprek.gevoerdDoor.voorvoegsels'],
  '970': ['gesprek.gevoerdDoor.achternaam'],
  '1405': ['gesprek.functie'],
  '26': ['wilsbekwaamheid'],
  '1406': ['wilsbekwaamheid.wilsbekwaam'],
  /** 1.0.0-rc: the same question, answered with a boolean. */
  '1651': ['wilsbekwaamheid.wilsbekwaam'],
  '1407': ['wilsbekwaamheid.toelichting'],
  '29': ['wettelijkVertegenwoordiger', 'eersteContactpersoon'],
  ...CONTACT('wettelijkVertegenwoordiger', {
    '30': 'naam', '973': 'naam.voornamen', '974': 'naam.voorvoegsels', '975': 'naam.achternaam',
    '39': '', '40': 'telefoons', '976': 'telefoons.nummer', '977': 'telefoons.type', '978': 'telefoons.soort', '979': 'telefoons.toelichting',
    '41': 'emails', '980': 'emails.adres', '981': 'emails.soort',
    '982': 'rollen', '411': 'rollen', '983': 'relatie', '408': 'relatie',
  }),
  '984': ['vertegenwoordigerIsEersteContactpersoon'],
  ...CONTACT('eersteContactpersoon', {
    '53': 'naam', '985': 'naam.voornamen', '986': 'naam.voorvoegsels', '987': 'naam.achternaam',
    '61': '', '62': 'telefoons', '988': 'telefoons.nummer', '989': 'telefoons.type', '990': 'telefoons.soort', '991': 'telefoons.toelichting',
    '66': 'emails', '992': 'emails.adres', '993': 'emails.soort',
    /** 1.0.0-rc: the first contact person's role. */
    '1644': 'rollen',
    '995': 'relatie', '412': 'relatie',
  }),
  '78': ['inBijzijnVan'],
  '82': ['inBijzijnVan.patient'],
  /** 1.0.0-rc: a group around 998. */
  '1652': ['inBijzijnVan'],
  '997': ['inBijzijnVan.rollen'],
  '414': ['inBijzijnVan.rollen'],
  '998': ['inBijzijnVan.relaties'],
  '413': ['inBijzijnVan.relaties'],
  '586': ['doelBehandeling'],
  '1408': [FIXED],
  '999': ['doelBehandeling'],
  '83': ['behandelgrenzen'],
  ...LIMIT('1409', '1410', '1386', '1001', '1002', 'reanimatie'),
  ...LIMIT('1411', '1412', '1387', '1388', '1389', 'kunstmatigeBeademing'),
  ...LIMIT('1413', '1414', '1390', '1391', '1392', 'icOpname'),
  ...LIMIT('1415', '1416', '1393', '1394', '1395', 'ziekenhuisopname'),
  ...LIMIT('1417', '1418', '1396', '1397', '1398', 'antibiotica'),
  ...LIMIT('1419', '1420', '1399', '1400', '1401', 'bloedproducten'),
  '1421': ['behandelgrenzen.overig'],
  '1422': ['behandelgrenzen.overig.behandeling'],
  '1402': ['behandelgrenzen.overig.besluit'],
  '1404': ['behandelgrenzen.overig.toelichting'],
  '1006': ['behandelgrenzen.icd.heeftIcd'],
  // The product type has one option, ICD; it follows from 'heeft ICD: ja'.
  '1008': ['behandelgrenzen.icd.heeftIcd'],
  '1009': ['behandelgrenzen.icd.toelichting'],
  '1425': ['behandelgrenzen.icd.uitzetten'],
  '1426': [FIXED],
  '1005': ['behandelgrenzen.icd.uitzetten.besluit'],
  '1010': ['behandelgrenzen.icd.uitzetten.toelichting'],
  '107': ['specifiekeWensen', 'gewenstePlekVanOverlijden', 'euthanasieStandpunt', 'orgaandonatieGeregistreerd'],
  '1427': ['specifiekeWensen'],
  '1428': [FIXED],
  /** 1.0.0-rc: the zib's [MeetMethode] for the wishes, one fixed code. */
  '1648': [FIXED],
  '1190': ['specifiekeWensen'],
  '1429': ['gewenstePlekVanOverlijden'],
  '1430': [FIXED],
  /** 1.0.0-rc: replaces 1430. */
  '1649': [FIXED],
  '1191': ['gewenstePlekVanOverlijden'],
  '1192': ['gewenstePlekVanOverlijden.toelichting'],
  '1431': ['euthanasieStandpunt'],
  '1432': [FIXED],
  '1193': ['euthanasieStandpunt'],
  '1194': ['euthanasieStandpunt.toelichting'],
  '1433': ['orgaandonatieGeregistreerd'],
  '1434': [FIXED],
  '1435': ['orgaandonatieGeregistreerd'],
  '598': ['watVerderBelangrijkIs'],
  '1436': [FIXED],
  '1196': ['watVerderBelangrijkIs'],
  '115': ['eerdereWilsverklaringen'],
  '1197': ['eerdereWilsverklaringen.vastgelegd'],
  '1198': ['eerdereWilsverklaringen.toelichting'],
  '1199': ['eerdereWilsverklaringen.andereWensenDanNu'],
  '119': ['patientGeinformeerdOverEigenVerantwoordelijkheid', 'akkoordMetDelen'],
  '1200': ['patientGeinformeerdOverEigenVerantwoordelijkheid'],
  '1201': ['akkoordMetDelen'],
};

/** Items the summary deliberately does not hold; an answer to one is named in the import's warnings. */
export const UNSUPPORTED_LINK_IDS: Record<string, string> = {
  /** 1.0.0-rc: how the organ donation choice was established ('Self reported'). */
  '1650': 'hoe de keuze orgaandonatie is vastgesteld (meetmethode)',
};

/** A linkId's place, or undefined when the importer does not know the item at all. */
export function placeOf(linkId: string): readonly string[] | 'niet ondersteund' | undefined {
  return LINK_ID_PLACES[linkId] ?? (linkId in UNSUPPORTED_LINK_IDS ? 'niet ondersteund' : undefined);
}

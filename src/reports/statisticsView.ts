import { CONSULT_FORMS, CONTACT_FORMS, CONTACT_FORM_LABELS, COMPLEXITIES, DIMENSIONS, LABELS, PRESTATIES, PRESTATIE_LABELS, SETTINGS } from '../domain/consultRequest.js';
import { isSmall } from '../domain/disclosure.js';
import { INVOLVEMENT_WINDOWS, SEED, type KpiFigures } from '../domain/outcomes.js';
import type { ConsultStatistics, MdoStatistics } from '../domain/statistics.js';
import { cellsOf, factSection, protect, shareOf, shownCount, tableSection, type ProtectedTable, type Section } from './statisticsTables.js';

/** Template data for the statistics card: headline figures first, the rest behind "Meer details". */

export interface ReportScopeInfo {
  label: string;
  /** The scope is a sub-region or pool, not the whole region. */
  narrowed: boolean;
  /** The region claims through TAPA$. */
  tapas: boolean;
}

const minutes = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value * 10) / 10} min`);
const byKey = (keys: readonly string[], labels: Record<string, string>) => keys.map((k) => [k, labels[k] ?? k] as const);
const NOT_RECORDED = 'niet vastgelegd';
const WINDOW_LABELS: Record<number, string> = { 30: '30 dagen', 91: '3 maanden', 182: '6 maanden', 365: '12 maanden' };

function trend(current: number, previous: number): string {
  if (isSmall(current) || isSmall(previous)) return 'onderdrukt';
  if (previous === 0) return current === 0 ? 'gelijk (0)' : 'nieuw (vorige periode 0)';
  const change = Math.round((100 * (current - previous)) / previous);
  return `${change > 0 ? '+' : ''}${change}% (vorige periode ${previous})`;
}

/** Every table of the card, protected once, so the headline and the details show the same. */
function tables(stats: ConsultStatistics, kpis: KpiFigures, mdo: MdoStatistics) {
  const n = kpis.notUnexpected;
  return {
    status: protect(
      [
        { key: 'accepted', label: 'Geaccepteerd', value: stats.accepted },
        { key: 'unanswered', label: 'Niet beantwoord (terugvalnummer)', value: stats.unanswered },
        { key: 'withdrawn', label: 'Ingetrokken vóór acceptatie', value: stats.withdrawn },
        { key: 'open', label: 'Nog open', value: stats.stillOpen },
      ],
      stats.requested,
    ),
    escalated: protect(
      [
        { key: 'escalated', label: 'Geëscaleerd', value: stats.escalated },
        { key: 'direct', label: 'Direct geaccepteerd of open', value: stats.offered - stats.escalated, displayed: false },
      ],
      stats.offered,
    ),
    period: protect(cellsOf(stats.byPeriod, [['office', 'Kantoortijd'], ['anw', 'ANW (avond, nacht, weekend, feestdag)']]), stats.requested),
    requestedForm: protect(cellsOf(stats.byRequestedForm, byKey(CONSULT_FORMS, LABELS.form)), stats.requested),
    contactForm: protect(cellsOf(stats.contactsByForm, byKey([...CONTACT_FORMS, 'mdo'], CONTACT_FORM_LABELS)), stats.contacts),
    prestatie: protect(cellsOf(stats.contactsByPrestatie, [...byKey(PRESTATIES, PRESTATIE_LABELS), ['geen TAPA$', 'Geen prestatie']]), stats.contacts),
    discipline: protect(cellsOf(stats.byRequesterDiscipline, [], stats.requestersPerDiscipline), stats.requested),
    setting: protect(cellsOf(stats.bySetting, byKey(SETTINGS, LABELS.setting)), stats.requested),
    complexity: protect(cellsOf(stats.byComplexity, byKey(COMPLEXITIES, LABELS.complexity)), stats.requested),
    deaths: protect(
      [
        { key: 'notUnexpected', label: 'Waarvan niet-onverwacht', value: n },
        { key: 'unexpected', label: 'Waarvan onverwacht', value: kpis.deaths - n },
      ],
      kpis.deaths,
    ),
    kpi19: protect(
      [
        { key: 'unwanted', label: 'In het ziekenhuis terwijl het PZP dat ongewenst noemde', value: kpis.hospitalDeathUnwanted },
        { key: 'placeUnknown', label: 'Plaats van overlijden onbekend (in de noemer)', value: kpis.placeUnknown },
        { key: 'rest', label: '', value: n - kpis.hospitalDeathUnwanted - kpis.placeUnknown, displayed: false },
      ],
      n,
    ),
    involvement: protect(
      [
        ...kpis.involvement.map((bin) => ({ key: String(bin.firstWithin), label: `Laatste contact binnen ${WINDOW_LABELS[bin.firstWithin]}`, value: bin.count, displayed: false })),
        { key: 'none', label: 'Geen contact in het jaar voor overlijden', value: kpis.notInvolved, displayed: false },
      ],
      n,
    ),
    discussed: protect(
      [
        { key: 'newly', label: 'Waarvan nieuw gemarkeerd als palliatief', value: mdo.newlyMarkedDiscussed },
        { key: 'known', label: '', value: mdo.patientsDiscussed - mdo.newlyMarkedDiscussed, displayed: false },
      ],
      mdo.patientsDiscussed,
    ),
    withSpecialist: protect(
      [
        { key: 'with', label: 'MDO’s met een specialist PZ', value: mdo.meetingsWithSpecialist },
        { key: 'without', label: '', value: mdo.meetingsHeld - mdo.meetingsWithSpecialist, displayed: false },
      ],
      mdo.meetingsHeld,
    ),
  };
}

/**
 * A KPI share over the non-unexpected deaths. Each share shows its denominator, so when the
 * deaths table hides that count (it would give the unexpected deaths away), the share goes too.
 */
const overDeaths = (t: ReturnType<typeof tables>, table: ProtectedTable, keys: readonly string[]) =>
  t.deaths.isShown('notUnexpected') || table.total === 0 ? shareOf(table, keys) : 'onderdrukt';

/** "% patiënten waarbij een specialist PZ is ingezet" per window: the bins up to it, as one share. */
const involvedWithin = (t: ReturnType<typeof tables>, days: number) =>
  overDeaths(
    t,
    t.involvement,
    INVOLVEMENT_WINDOWS.filter((w) => w <= days).map(String),
  );

function kpiSection(t: ReturnType<typeof tables>, kpis: KpiFigures, scope: ReportScopeInfo): Section {
  const anw = kpis.notUnexpected === 0
    ? '–'
    : isSmall(kpis.anwContactsLast30Days) || !t.deaths.isShown('notUnexpected')
    ? 'onderdrukt'
    : `${Math.round((kpis.anwContactsLast30Days / kpis.notUnexpected) * 10) / 10} per patiënt (${kpis.anwContactsLast30Days} contacten)`;
  const approximation = kpis.notUnexpected === 0
    ? '–'
    : isSmall(kpis.acpConversations) || !t.deaths.isShown('notUnexpected')
    ? 'onderdrukt'
    : `${Math.round((100 * kpis.acpConversations) / kpis.notUnexpected)}% (${kpis.acpConversations} van ${kpis.notUnexpected})`;
  const notes = [
    scope.narrowed && kpis.withoutSubRegion > 0
      ? `${shownCount(kpis.withoutSubRegion)} overlijden(s) in de periode zonder bekende subregio tellen alleen in de cijfers voor de hele regio.`
      : '',
  ];
  return factSection(
    'Uitkomsten (KPI’s) over overleden patiënten',
    [
      { label: 'Overleden (geregistreerd)', value: shownCount(kpis.deaths) },
      { label: 'Waarvan niet-onverwacht', value: t.deaths.value('notUnexpected') },
      { label: 'KPI 19/28', value: overDeaths(t, t.kpi19, ['unwanted']) },
      { label: 'Plaats van overlijden onbekend (in de noemer)', value: t.kpi19.value('placeUnknown') },
      { label: 'KPI 23', value: `${NOT_RECORDED}: zorgplannen met aandacht voor PZP en de vier dimensies staan niet in de bot` },
      { label: 'Benadering KPI 23 (geen KPI-cijfer): PZP-gesprekken in de periode per niet-onverwacht overledene', value: approximation },
      ...INVOLVEMENT_WINDOWS.map((days) => ({ label: `Specialist PZ ingezet, laatste ${WINDOW_LABELS[days]} voor overlijden`, value: involvedWithin(t, days) })),
      { label: 'KPI 29', value: `${NOT_RECORDED}: consulten en visites van de HAP staan niet in de bot` },
      { label: 'ANW-contacten specialist PZ, laatste 30 dagen voor overlijden (geen KPI 29)', value: anw },
    ],
    notes.filter(Boolean).join(' '),
  );
}

/** The programme's monitoring counts (SEED.involvement, .telephone, .bedside, .regiefunctie). */
function monitoringSection(t: ReturnType<typeof tables>, stats: ConsultStatistics, scope: ReportScopeInfo): Section {
  return factSection('Monitoring inzet specialisten PZ', [
    { label: '# telefonische consultaties', value: t.contactForm.value('telefonisch') },
    { label: '# bed-side consultaties', value: t.contactForm.value('bedside') },
    { label: '# declaraties regiefunctie complexe PZ', value: scope.tapas ? t.prestatie.value('3') : `${NOT_RECORDED}: regio zonder TAPA$` },
    { label: 'Absolute inzet: contacten en minuten', value: isSmall(stats.contacts) ? shownCount(stats.contacts) : `${stats.contacts} contacten, ${stats.contactMinutes} min` },
  ]);
}

function mdoSection(t: ReturnType<typeof tables>, mdo: MdoStatistics): Section {
  const participations = isSmall(mdo.specialistParticipations) || (mdo.specialistParticipations > 0 && mdo.specialistsPresent <= 2) ? 'onderdrukt' : String(mdo.specialistParticipations);
  return factSection('MDO-PZ', [
    { label: 'MDO’s gehouden', value: shownCount(mdo.meetingsHeld) },
    { label: 'Patiënten besproken', value: shownCount(mdo.patientsDiscussed) },
    { label: 'Waarvan nieuw gemarkeerd als palliatief', value: t.discussed.value('newly') },
    { label: 'Nieuw gemarkeerde patiënten geagendeerd (0-meting KPI 4)', value: shownCount(mdo.newlyMarkedRegistered) },
    { label: 'Deelnames van specialisten PZ', value: participations },
    { label: 'MDO’s met een specialist PZ', value: shareOf(t.withSpecialist, ['with']) },
  ]);
}

export function statisticsCardData(stats: ConsultStatistics, scope: ReportScopeInfo, kpis: KpiFigures, mdo: MdoStatistics) {
  const t = tables(stats, kpis, mdo);
  const smallAcceptGroup = isSmall(stats.timeToAccept.n);
  const contacts = isSmall(stats.contacts) ? shownCount(stats.contacts) : `${stats.contacts}, ${stats.contactMinutes} min`;
  const headline = [
    { label: 'Aangevraagd', value: shownCount(stats.requested) },
    { label: 'Geaccepteerd', value: t.status.value('accepted') },
    { label: 'Niet beantwoord', value: t.status.value('unanswered') },
    { label: 'Tijd tot acceptatie, mediaan', value: smallAcceptGroup ? 'onderdrukt' : minutes(stats.timeToAccept.median) },
    { label: 'Contacten specialisten PZ', value: contacts },
    { label: 'Specialist PZ ingezet, laatste 3 maanden', value: involvedWithin(t, 91) },
    { label: 'KPI 19/28 (ziekenhuis, PZP ongewenst)', value: overDeaths(t, t.kpi19, ['unwanted']) },
    { label: `Trend t.o.v. ${stats.previous.label}`, value: trend(stats.requested, stats.previous.requested) },
  ];
  return {
    scopeLabel: scope.label,
    periodLabel: stats.period.label,
    scopeNote: scope.narrowed ? 'Alle cijfers, ook de KPI’s, gelden voor deze subregio of pool.' : 'Alle cijfers gelden voor de hele regio.',
    headline,
    sections: [
      tableSection('Wat werd er van de aanvragen', t.status, 'Chart.Donut'),
      factSection('Snelheid en bereik', [
        { label: 'Tijd tot acceptatie, 90e percentiel', value: smallAcceptGroup ? 'onderdrukt' : minutes(stats.timeToAccept.p90) },
        { label: 'Geëscaleerd (geweigerd of geen antwoord)', value: shareOf(t.escalated, ['escalated']) },
        { label: 'Verschillende aanvragers', value: shownCount(stats.distinctRequesters) },
        { label: 'Verschillende organisaties', value: shownCount(stats.distinctOrganisations) },
        { label: 'Subregio’s zonder aanvragen', value: stats.subRegionsWithoutRequests.join(', ') || 'geen' },
        { label: 'Postcodegebieden (PC4) van praktijken zonder aanvragen', value: stats.postcodesWithoutRequests.join(', ') || 'geen' },
      ]),
      tableSection('Kantoortijd of ANW (aanvraagmoment)', t.period, 'Chart.Donut'),
      tableSection('Gevraagde vorm', t.requestedForm, 'Chart.VerticalBar'),
      tableSection('Contacten per vorm', t.contactForm, 'Chart.VerticalBar'),
      ...(scope.tapas ? [tableSection('Contacten per TAPA$-prestatie', t.prestatie, 'Chart.VerticalBar')] : []),
      monitoringSection(t, stats, scope),
      tableSection('Aanvragers naar discipline', t.discipline, 'Chart.VerticalBar', 'Een discipline met één of twee aanvragers is onderdrukt: dat cijfer gaat over die personen.'),
      tableSection('Verblijfplaats patiënt', t.setting, 'Chart.Donut'),
      factSection('Dimensies van de vraag (een vraag kan meer dimensies hebben)', cellsOf(stats.byDimension, byKey(DIMENSIONS, LABELS.dimension)).map((c) => ({ label: c.label, value: shownCount(c.value) }))),
      tableSection('Complexiteit', t.complexity, 'Chart.VerticalBar'),
      mdoSection(t, mdo),
      kpiSection(t, kpis, scope),
    ],
    definitions: definitions(),
  };
}

function definitions(): string[] {
  return [
    'Onderdrukt: aantallen van 1 tot 4 staan als <5; een aantal over één of twee personen, en zoveel andere cellen van dezelfde tabel als nodig om het niet uit totalen en andere cellen terug te rekenen, staan als "onderdrukt". Nooit per zorgverlener.',
    'Aangevraagd: consulten met aanvraagmoment in de periode (Europe/Amsterdam), in de gekozen subregio’s. Geaccepteerd, niet beantwoord, ingetrokken vóór acceptatie en nog open tellen samen op tot aangevraagd.',
    'Tijd tot acceptatie: van aanvraag tot accepteren, over de geaccepteerde consulten; mediaan (bij even aantal het gemiddelde van de middelste twee) en 90e percentiel (nearest rank).',
    'Contacten: door specialisten PZ geregistreerde contacten met het moment waarop het contact plaatsvond in de periode (bij contacten van vóór schemaversie 3: het afrondmoment, geschat), en per besproken patiënt één MDO-contact voor elke aanwezige specialist PZ.',
    `KPI 19: "${SEED.kpi19.text}" KPI 28: "${SEED.kpi28.text}" Berekend als: niet-onverwacht overledenen in de periode die in het ziekenhuis overleden terwijl hun PZP in de bot dat ongewenst noemde (geen ziekenhuisopname, of een andere gewenste plek van overlijden), gedeeld door álle niet-onverwacht overledenen in de periode, ook die met onbekende plaats of zonder PZP.`,
    `KPI 23: "${SEED.kpi23.text}" De teller (zorgplannen met aandacht voor PZP en de vier dimensies) is niet vastgelegd. De benadering, uitdrukkelijk geen KPI 23: PZP’s in de bot met een gespreksdatum in de periode, van patiënten met een contact of overlijden in de gekozen subregio’s, gedeeld door de niet-onverwacht overledenen in de periode; de vier dimensies en de zorg voor naasten zijn daarin niet getoetst.`,
    `Specialist PZ ingezet: "${SEED.involvement.text}" Berekend als: niet-onverwacht overledenen met minstens één contact van een specialist PZ in de 30 dagen, 3, 6 of 12 maanden voor overlijden (de vensters van de andere monitoringcijfers van het programma), gedeeld door alle niet-onverwacht overledenen.`,
    'Monitoring: telefonische en bed-side consultaties zijn contacten met die vorm; declaraties regiefunctie zijn contacten met TAPA$-prestatie 3.',
    `KPI 29: "${SEED.kpi29.text}" Niet vastgelegd: de bot kent de consulten en visites van de huisartsenpost niet. Het getoonde aantal ANW-contacten van specialisten PZ in de 30 dagen voor overlijden per niet-onverwacht overledene is een ander cijfer.`,
    'Overlijdens horen bij de subregio van het consult of de huisarts die ze registreerde; oudere registraties zonder subregio bij die van het laatste contact.',
    'MDO’s gehouden: MDO’s van kernteams in de gekozen subregio’s met begin in de periode waarvan de aanwezigheid of minstens één bespreking is vastgelegd (KPI 4). Nieuw gemarkeerd geagendeerd: de 0-meting van KPI 4.',
  ];
}

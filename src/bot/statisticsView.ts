import { CONSULT_FORMS, CONTACT_FORMS, COMPLEXITIES, DIMENSIONS, LABELS, PRESTATIES, SETTINGS } from '../domain/consultRequest.js';
import type { KpiFigures } from '../domain/outcomes.js';
import { isSuppressed, shown, shownShare, shownTrend, type ConsultStatistics, type MdoStatistics, type Tally } from '../domain/statistics.js';

/** Template data for the statistics card: figures, charts with table fallbacks, definitions. */

interface Section {
  title: string;
  chartType: 'Chart.VerticalBar' | 'Chart.Donut';
  hasChart: boolean;
  chartData: object[];
  rows: { label: string; value: string }[];
  note: string;
}

/** `labels` is a list, not an object: objects put keys like "1" and "3" before "2a". */
function section(title: string, counts: Tally, order: readonly (readonly [string, string])[], chartType: Section['chartType']): Section {
  const labels: Record<string, string> = Object.fromEntries(order);
  const keys = [...new Set([...order.map(([key]) => key), ...Object.keys(counts)])];
  const rows = keys.map((key) => ({ label: labels[key] ?? key, value: shown(counts[key] ?? 0) }));
  // A chart needs numbers, so only categories that may be shown as numbers go in it.
  const charted = keys.filter((key) => (counts[key] ?? 0) >= 5);
  const hidden = keys.filter((key) => isSuppressed(counts[key] ?? 0)).map((key) => labels[key] ?? key);
  return {
    title,
    chartType,
    hasChart: charted.length > 0,
    chartData: charted.map((key) =>
      chartType === 'Chart.Donut' ? { legend: labels[key] ?? key, value: counts[key] } : { x: labels[key] ?? key, y: counts[key] },
    ),
    rows,
    note: hidden.length > 0 ? `Minder dan 5 (niet in de grafiek): ${hidden.join(', ')}.` : '',
  };
}

const minutes = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value * 10) / 10} min`);
const byKey = (keys: readonly string[], labels: Record<string, string>) => keys.map((k) => [k, labels[k] ?? k] as const);

/** The outcome KPIs as rows; shares are suppressed like every other small group. */
function kpiSection(kpis: KpiFigures): Section {
  const ratio = (label: string, r: { numerator: number; denominator: number }) => ({
    label,
    value: `${shownShare(r.numerator, r.denominator)} (${shown(r.numerator)} van ${shown(r.denominator)})`,
  });
  return {
    title: 'Uitkomsten (KPI’s) over overleden patiënten',
    chartType: 'Chart.VerticalBar',
    hasChart: false,
    chartData: [],
    rows: [
      { label: 'Overleden (geregistreerd)', value: shown(kpis.deaths) },
      { label: 'Waarvan niet-onverwacht', value: shown(kpis.notUnexpected) },
      ratio('KPI 23: met PZP', kpis.withAcp),
      ratio('KPI 19/28: in ziekenhuis terwijl PZP dat ongewenst noemde', kpis.hospitalDeathUnwanted),
      ...kpis.specialistInvolved.map((r) => ratio(`Specialist PZ ingezet, laatste ${r.days} dagen`, r)),
      {
        label: 'ANW-contacten specialist PZ, laatste 30 dagen (≈ KPI 29)',
        value: isSuppressed(kpis.anwContactsLast30Days.patients) ? 'onderdrukt (<5)' : `${shown(kpis.anwContactsLast30Days.contacts)} bij ${kpis.anwContactsLast30Days.patients} patiënten`,
      },
    ],
    note: kpis.placeUnknown > 0 ? `Plaats van overlijden onbekend: ${shown(kpis.placeUnknown)} (niet in KPI 19/28).` : '',
  };
}

/** MDO-PZ figures (KPI 4); counts of meetings and patients, never of one clinician. */
function mdoSection(mdo: MdoStatistics): Section {
  return {
    title: 'MDO-PZ',
    chartType: 'Chart.VerticalBar',
    hasChart: false,
    chartData: [],
    rows: [
      { label: 'MDO’s gehouden', value: shown(mdo.meetingsHeld) },
      { label: 'Patiënten besproken', value: shown(mdo.patientsDiscussed) },
      { label: 'Waarvan nieuw gemarkeerd als palliatief', value: shown(mdo.newlyMarkedDiscussed) },
      { label: 'Nieuw gemarkeerde patiënten geagendeerd (0-meting KPI 4)', value: shown(mdo.newlyMarkedRegistered) },
      { label: 'Deelnames van specialisten PZ', value: shown(mdo.specialistParticipations) },
      { label: 'MDO’s met een specialist PZ', value: shownShare(mdo.meetingsWithSpecialist, mdo.meetingsHeld) },
    ],
    note: '',
  };
}

export function statisticsCardData(stats: ConsultStatistics, scopeLabel: string, kpis: KpiFigures, mdo: MdoStatistics) {
  const smallAcceptGroup = isSuppressed(stats.timeToAccept.n);
  return {
    scopeLabel,
    periodLabel: stats.period.label,
    keyFigures: [
      { label: 'Aangevraagd', value: shown(stats.requested) },
      { label: 'Geaccepteerd', value: shown(stats.accepted) },
      { label: 'Niet beantwoord (terugvalnummer)', value: shown(stats.unanswered) },
      { label: 'Ingetrokken', value: shown(stats.withdrawn) },
      { label: 'Tijd tot acceptatie, mediaan', value: smallAcceptGroup ? 'onderdrukt (<5)' : minutes(stats.timeToAccept.median) },
      { label: 'Tijd tot acceptatie, 90e percentiel', value: smallAcceptGroup ? 'onderdrukt (<5)' : minutes(stats.timeToAccept.p90) },
      { label: 'Geëscaleerd (geweigerd of geen antwoord)', value: shownShare(stats.escalated, stats.offered) },
      { label: 'Contacten (TAPA$-registraties)', value: `${shown(stats.contacts)}${isSuppressed(stats.contacts) ? '' : `, ${stats.contactMinutes} min`}` },
      { label: 'Verschillende aanvragers', value: shown(stats.distinctRequesters) },
      { label: 'Verschillende organisaties', value: shown(stats.distinctOrganisations) },
      { label: 'Subregio’s zonder aanvragen', value: stats.subRegionsWithoutRequests.join(', ') || 'geen' },
      { label: 'Postcodegebieden (PC4) van praktijken zonder aanvragen', value: stats.postcodesWithoutRequests.join(', ') || 'geen' },
      { label: `Trend t.o.v. ${stats.previous.label}`, value: shownTrend(stats.requested, stats.previous.requested) },
    ],
    sections: [
      section('Kantoortijd of ANW', stats.byPeriod, [['office', 'Kantoortijd'], ['anw', 'ANW (avond, nacht, weekend, feestdag)']], 'Chart.Donut'),
      section('Gevraagde vorm', stats.byRequestedForm, byKey(CONSULT_FORMS, LABELS.form), 'Chart.VerticalBar'),
      section('Contacten per vorm', stats.contactsByForm, byKey([...CONTACT_FORMS, 'mdo'], { telefonisch: 'Telefonisch', bedside: 'Bedside', digitaal: 'Digitaal', regiefunctie: 'Regiefunctie', coordinatie: 'Coördinatie', mdo: 'MDO-PZ' }), 'Chart.VerticalBar'),
      section('Contacten per TAPA$-prestatie', stats.contactsByPrestatie, byKey(PRESTATIES, { '1': '1 Coördinatie', '2a': '2a Telefonisch', '2b': '2b Bedside', '3': '3 Regiefunctie' }), 'Chart.VerticalBar'),
      section('Aanvragers naar discipline', stats.byRequesterDiscipline, [], 'Chart.VerticalBar'),
      section('Verblijfplaats patiënt', stats.bySetting, byKey(SETTINGS, LABELS.setting), 'Chart.Donut'),
      section('Dimensies van de vraag', stats.byDimension, byKey(DIMENSIONS, LABELS.dimension), 'Chart.VerticalBar'),
      section('Complexiteit', stats.byComplexity, byKey(COMPLEXITIES, LABELS.complexity), 'Chart.VerticalBar'),
      mdoSection(mdo),
      kpiSection(kpis),
    ],
    definitions: [
      'Aangevraagd: consulten met aanvraagmoment in de periode (Europe/Amsterdam), in de gekozen subregio’s.',
      'Tijd tot acceptatie: van aanvraag tot accepteren, over de geaccepteerde consulten; mediaan (bij even aantal het gemiddelde van de middelste twee) en 90e percentiel (nearest rank).',
      'Geëscaleerd: aandeel van de aangeboden consulten dat minstens één keer naar een volgende stap ging (weigering of verlopen wachttijd).',
      'Kantoortijd of ANW: volgens de regiokalender op het aanvraagmoment; feestdagen tellen als ANW.',
      'Contacten: door specialisten PZ bij afronden van een consult geregistreerde contacten, en per besproken patiënt één MDO-contact voor elke aanwezige specialist PZ; registratiemoment in de periode.',
      'MDO’s gehouden: MDO’s van kernteams in de gekozen subregio’s met begin in de periode waarvan de aanwezigheid of minstens één bespreking is vastgelegd (KPI 4, 000:4020). Patiënten besproken: verschillende patiënten met uitkomst "besproken". Nieuw gemarkeerd geagendeerd: verschillende nieuw gemarkeerde patiënten op de agenda van een MDO in de periode (0-meting, 000:3283). Deelnames van specialisten PZ: aanwezige specialisten PZ opgeteld over de gehouden MDO’s.',
      kpis.withAcp.definition,
      kpis.hospitalDeathUnwanted.definition,
      kpis.specialistInvolved[0]!.definition.replace('30 dagen', '30, 91, 182 of 365 dagen'),
      kpis.anwContactsLast30Days.definition,
    ],
  };
}

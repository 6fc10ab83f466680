import * as AC from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { renderCard, type CardName } from '../../src/bot/cards.js';
import { offerCardData, statusCardData } from '../../src/bot/consultView.js';
import { downloadCardData } from '../../src/bot/downloadView.js';
import { closeFormData, consultFormData } from '../../src/bot/forms.js';
import { TapasSchema } from '../../src/domain/network.js';
import * as lifecycle from '../../src/domain/consult.js';
import { offerToNextStep } from '../../src/domain/paging.js';
import type { Consult } from '../../src/domain/consult.js';
import * as mdo from '../../src/domain/mdo.js';
import { occurrencesBetween } from '../../src/domain/mdoSeries.js';
import { meetingCardData, outcomeCardData, peopleOf, threadCardData } from '../../src/bot/mdoView.js';

const { directory } = loadNetwork('data');
const anna = directory.person('anna-de-vries')!;

/** Parses a card with Microsoft's Adaptive Cards SDK and returns every warning and error. */
function parseProblems(card: object): string[] {
  const context = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, context);
  return Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
}

function unresolvedExpressions(card: object): string[] {
  return JSON.stringify(card).match(/\$\{[^}]*\}/g) ?? [];
}

function consultIn(status: 'aangeboden' | 'geaccepteerd' | 'afgerond' | 'niemand-bereikt'): Consult {
  const now = new Date('2026-11-23T09:00:00Z');
  let consult = lifecycle.newConsult({
    id: '00000000-0000-4000-8000-000000000001',
    ref: 'C-7F3K',
    formId: 'f',
    requesterId: 'anna-de-vries',
    patientRef: 'P-TEST',
    request: {
      patientInitials: 'J.A.', patientBirthYear: 1942, localPatientNumber: undefined, setting: 'thuis',
      subRegionId: 'westelijke-mijnstreek', form: 'telefonisch', urgency: 'spoed', complexity: 'complex',
      dimensions: ['fysiek', 'psychisch'], question: 'Onrust en benauwdheid', callbackPhone: '046 411 0101',
    },
    period: 'office',
    plan: [{ label: 'Consultatieteam, dienstdoende', personIds: ['els-vermeulen'] }],
    now,
  });
  const step = (t: lifecycle.Transition) => {
    if (!t.ok) throw new Error(t.refusal.message);
    return t.consult;
  };
  if (status === 'niemand-bereikt') return step(offerToNextStep(consult, now, () => false));
  consult = step(offerToNextStep(consult, now, () => true));
  if (status === 'aangeboden') return consult;
  consult = step(lifecycle.accept(consult, 'els-vermeulen', now));
  if (status === 'geaccepteerd') return consult;
  return step(lifecycle.close(consult, 'els-vermeulen', { outcome: 'advies', adviceSummary: 'Midazolam ophogen.', contactIds: [] }, now));
}

const CSV_WAITING = { fileId: '00000000-0000-4000-8000-000000000009', expiresAt: new Date('2026-11-23T09:10:00Z') };
const XLSX_WAITING = { fileId: '00000000-0000-4000-8000-00000000000a', expiresAt: new Date('2026-11-23T09:10:00Z') };
const DOWNLOAD_OFFER = { title: 'TAPA$-export', text: '2 contacten', files: [{ fileId: CSV_WAITING.fileId, label: 'CSV' }, { fileId: XLSX_WAITING.fileId, label: 'Excel (.xlsx)' }] };
const common = { refreshUserIds: ['29:user'], notice: '', acpNote: '' };
const cases: [string, CardName, object][] = [
  ['empty consult form', 'consult-form', { formId: 'f', ...consultFormData(anna, directory) }],
  ['consult form with errors', 'consult-form', { formId: 'f', ...consultFormData(anna, directory, { patientInitials: 'J' }, { patientBirthYear: 'fout' }) }],
  ['help', 'help', { name: 'Anna', roleLabel: 'generalist', commands: [{ command: 'help', description: 'Dit overzicht' }] }],
  ['notice', 'notice', { title: '', text: 'Niets gewijzigd.' }],
  ['choose a consult', 'consult-choose', { consults: [{ id: 'x', ref: 'C-7F3K', label: 'J.A. (1942)' }], text: 'bericht', preview: 'bericht', exampleRef: 'C-7F3K' }],
  ['choose a consult or a new request', 'consult-choose', { consults: [{ id: 'x', ref: 'C-7F3K', label: 'J.A. (1942)' }], text: 'dhr 77 "benauwd"', preview: 'dhr 77', exampleRef: 'C-7F3K', newRequest: true, formId: '00000000-0000-4000-8000-000000000000' }],
  ['close form', 'consult-close', closeFormData(consultIn('geaccepteerd'), TapasSchema.parse(true), new Date('2026-11-23T10:00:00Z'), 2, {}, { contact1: 'De duur is minstens 1 minuut.' })],
  ['close form without TAPA$', 'consult-close', closeFormData(consultIn('geaccepteerd'), false, new Date('2026-11-23T10:00:00Z'), 1)],
  ['close form with a model draft', 'consult-close', closeFormData(consultIn('geaccepteerd'), TapasSchema.parse(true), new Date('2026-11-23T10:00:00Z'), 1, { adviceSummary: 'Concept' }, {}, { canDraft: true, notice: 'Concept van het taalmodel' })],
  ['download', 'download', downloadCardData(DOWNLOAD_OFFER, [CSV_WAITING, XLSX_WAITING])],
  ['download with the CSV’s link, the Excel file fetched', 'download', downloadCardData(DOWNLOAD_OFFER, [CSV_WAITING], { link: { fileId: CSV_WAITING.fileId, name: 'tapas.csv', url: 'http://127.0.0.1:3978/downloads?token=x', expiresAt: new Date('2026-11-23T09:02:00Z') } })],
  ['download with nothing left', 'download', downloadCardData({ ...DOWNLOAD_OFFER, text: '' }, [], { notice: 'Verlopen.' })],
  ['roster', 'roster', { title: 'Wie heeft dienst', subtitle: 'Stand', rosters: [{ name: 'Kantoorrooster', scope: 'Kantoortijden', lines: [{ label: 'Nu dienstdoende', value: 'Els' }] }] }],
  ['roster swap form', 'roster-swap-form', { formId: 'f', intro: 'Kies een dienst.', shifts: [{ title: 'Kantoorrooster: wo 25 nov. 08:00 – 17:00', value: 'r|primary|1|2' }], colleagues: [{ id: 'frank-geurts', name: 'Frank Geurts' }] }],
  ['roster swap to answer', 'roster-swap', {
    title: 'Dienstruil', text: 'Wilt u deze dienst overnemen?', roster: 'Kantoorrooster', shift: 'wo 25 nov. 08:00 – 17:00 (dienstdoende)', proposer: 'Els', colleague: 'Frank', status: 'voorgesteld',
    actions: [{ title: 'Accepteren', verb: 'roster.swap.accept', style: 'positive', swapId: 's' }, { title: 'Weigeren', verb: 'roster.swap.decline', style: 'destructive', swapId: 's' }],
  }],
  ['death form', 'death-form', { formId: 'f', values: { consultRef: '', patientInitials: '', patientBirthYear: '', localPatientNumber: '', dateOfDeath: '', place: '', notUnexpected: '' }, errors: { place: 'Kies de plaats.' }, hasErrors: true }],
];
for (const status of ['aangeboden', 'geaccepteerd', 'afgerond', 'niemand-bereikt'] as const) {
  const consult = consultIn(status);
  cases.push([`status card, ${status}`, 'consult-status', { title: 'Consultaanvraag', ...common, ...statusCardData(consult, directory) }]);
  cases.push([`offer card, ${status}`, 'consult-offer', { title: 'Consultaanbod', ...common, ...offerCardData(consult, 'els-vermeulen', directory) }]);
}
cases.push(['offer card with a notice', 'consult-offer', { title: 'Consultaanbod', ...common, notice: 'Al geaccepteerd.', ...offerCardData(consultIn('geaccepteerd'), 'frank-geurts', directory) }]);

/** A specialist MDO with one patient discussed and one still waiting, seen after it started. */
function heldMeeting() {
  const kernteam = directory.kernteam('smdo-westelijke-mijnstreek')!;
  const series = { ...kernteam.series[0]!, kernteamId: kernteam.id };
  const occurrence = occurrencesBetween(series, Date.parse('2026-11-23T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z'))[0]!;
  let meeting = mdo.newMeeting(series, kernteam, occurrence, 'M-7F3K', new Date('2026-11-23T09:00:00Z'));
  const item = (id: string, patientRef: string): mdo.AgendaItem => ({
    id, addedAt: '2026-11-23T09:00:00Z', addedBy: 'els-vermeulen', patientRef, patientLabel: 'J.A. (1942)', question: 'Onrust en benauwdheid', dimensions: ['fysiek'],
    newlyMarked: true, requesterId: 'anna-de-vries', regiebehandelaarId: 'anna-de-vries', guests: ['anna-de-vries'],
  });
  const step = (change: mdo.MdoChange) => {
    if (!change.ok) throw new Error(change.refusal.message);
    return change.meeting;
  };
  meeting = step(mdo.addItem(meeting, kernteam, item('00000000-0000-4000-8000-0000000000a1', 'P-ONE'), new Date('2026-11-23T09:00:00Z')));
  meeting = step(mdo.addItem(meeting, kernteam, item('00000000-0000-4000-8000-0000000000a2', 'P-TWO'), new Date('2026-11-23T09:00:00Z')));
  const during = new Date(Date.parse(meeting.startsAt) + 10 * 60_000);
  meeting = step(mdo.recordOutcome(meeting, '00000000-0000-4000-8000-0000000000a1', 'els-vermeulen', { discussed: true, advice: 'Midazolam ophogen.', actions: [{ description: 'Familiegesprek', ownerId: 'anna-de-vries' }], izpUpdate: true, followUpDate: '2026-12-10' }, during));
  return { meeting, kernteam, during };
}
const held = heldMeeting();
const meetingOptions = { now: held.during, refreshUserIds: ['29:user'], seriesText: 'elke donderdag', acpVisible: () => true };
cases.push(
  ['MDO card for the chair during the meeting', 'mdo-meeting', meetingCardData(held.meeting, held.kernteam, 'els-vermeulen', directory, meetingOptions)],
  ['MDO card for an invited requester before it', 'mdo-meeting', meetingCardData(held.meeting, held.kernteam, 'anna-de-vries', directory, { ...meetingOptions, now: new Date('2026-11-23T09:00:00Z'), notice: 'U bent uitgenodigd.' })],
  ['MDO card for a stranger', 'mdo-meeting', meetingCardData(held.meeting, held.kernteam, 'bram-janssen', directory, meetingOptions)],
  ['MDO thread card in the kernteam’s channel during the meeting', 'mdo-thread', threadCardData(held.meeting, held.kernteam, directory, held.during, 'elke 2e dinsdag van de maand')],
  ['MDO thread card after the meeting, without a link', 'mdo-thread', threadCardData({ ...held.meeting, meetingUrl: undefined }, held.kernteam, directory, new Date('2026-12-24T09:00:00Z'), 'eenmalig')],
  ['MDO outcome', 'mdo-outcome', outcomeCardData(held.meeting, held.kernteam, held.meeting.agenda[0]!, 'anna-de-vries', directory)],
  ['MDO plan form with errors', 'mdo-plan-form', { formId: 'f', kernteams: [{ id: 'k', name: 'Kernteam' }], values: { kernteamId: 'k', repeat: '1', date: '2026-11-24', time: '12:30', durationMinutes: '60', location: '', meetingUrl: '' }, errors: [{ text: 'Kies een datum.' }] }],
  ['MDO agenda form from a consult', 'mdo-item-form', {
    itemId: 'i', consultId: 'c', fromConsult: true, patientFromConsult: 'J.A. (1942), consult C-7F3K', intro: 'Uitleg', kernteams: [{ id: 'k', name: 'Kernteam' }],
    values: { kernteamId: 'k', patientInitials: '', patientBirthYear: '', localPatientNumber: '', question: 'Vraag', dimensions: 'fysiek', newlyMarked: 'nee' }, errors: [],
  }],
  ['MDO outcome form', 'mdo-outcome-form', {
    meetingId: held.meeting.id, itemId: 'i', patient: 'J.A. (1942)', meeting: 'MDO', question: 'Vraag', owners: peopleOf(held.meeting, held.kernteam, directory),
    actionRows: [1, 2, 3].map((n) => ({ n, text: '', owner: '' })), values: { discussed: 'ja', advice: '', izpUpdate: 'nee', followUpDate: '' }, errors: [{ text: 'Vat het advies samen.' }],
  }],
  ['MDO attendance form', 'mdo-attendance-form', { meetingId: held.meeting.id, meeting: 'MDO', people: peopleOf(held.meeting, held.kernteam, directory), values: { present: 'els-vermeulen', minutesPerPatient: '15' }, errors: [] }],
);

describe('every card template expands to a valid Adaptive Card', () => {
  it.each(cases)('%s', (_name, template, data) => {
    const card = renderCard(template, data);
    expect(parseProblems(card)).toEqual([]);
    expect(unresolvedExpressions(card)).toEqual([]);
  });

  it('says in words that nobody accepted it and nobody can be offered it now, with the number to call, and not who could not be reached', () => {
    const card = JSON.stringify(renderCard('consult-status', { title: 'Consultaanvraag', ...common, ...statusCardData(consultIn('niemand-bereikt'), directory) }));
    expect(card).toContain('Status: Aangeboden');
    expect(card).toContain('Nog niemand heeft het aangenomen. Er is nu geen specialist PZ via de chat te bereiken; de netwerkcoördinator is ingelicht. Bel het regionale consultatieteam palliatieve zorg Mijnstreek: 046 400 9000 (24/7).');
    expect(card).not.toContain('opnieuw aangeboden');
    expect(card).not.toContain('overgeslagen');
    expect(card).not.toContain('Els Vermeulen');
  });
});

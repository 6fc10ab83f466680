import * as AC from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { renderCard, type CardName } from '../../src/bot/cards.js';
import { offerCardData, statusCardData } from '../../src/bot/consultView.js';
import { closeFormData, consultFormData } from '../../src/bot/forms.js';
import * as lifecycle from '../../src/domain/consult.js';
import type { Consult } from '../../src/domain/consult.js';

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

function consultIn(status: 'aangeboden' | 'geaccepteerd' | 'afgerond' | 'niet-beantwoord'): Consult {
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
  if (status === 'niet-beantwoord') return step(lifecycle.offerToNextStep(consult, now, () => false));
  consult = step(lifecycle.offerToNextStep(consult, now, () => true));
  if (status === 'aangeboden') return consult;
  consult = step(lifecycle.accept(consult, 'els-vermeulen', now));
  if (status === 'geaccepteerd') return consult;
  return step(lifecycle.close(consult, 'els-vermeulen', { outcome: 'advies', adviceSummary: 'Midazolam ophogen.', contactIds: [] }, now));
}

const common = { refreshUserIds: ['29:user'], notice: '', acpNote: '' };
const cases: [string, CardName, object][] = [
  ['empty consult form', 'consult-form', { formId: 'f', ...consultFormData(anna, directory) }],
  ['consult form with errors', 'consult-form', { formId: 'f', ...consultFormData(anna, directory, { patientInitials: 'J' }, { patientBirthYear: 'fout' }) }],
  ['help', 'help', { name: 'Anna', roleLabel: 'generalist', commands: [{ command: 'help', description: 'Dit overzicht' }] }],
  ['notice', 'notice', { title: '', text: 'Niets gewijzigd.' }],
  ['choose a consult', 'consult-choose', { consults: [{ id: 'x', ref: 'C-7F3K', label: 'J.A. (1942)' }], text: 'bericht', preview: 'bericht', exampleRef: 'C-7F3K' }],
  ['close form', 'consult-close', closeFormData(consultIn('geaccepteerd'), true, 2, {}, { contact1: 'De duur is minstens 1 minuut.' })],
  ['close form without TAPA$', 'consult-close', closeFormData(consultIn('geaccepteerd'), false, 1)],
  ['close form with a model draft', 'consult-close', closeFormData(consultIn('geaccepteerd'), true, 1, { adviceSummary: 'Concept' }, {}, { canDraft: true, notice: 'Concept van het taalmodel' })],
  ['download', 'download', { title: 'TAPA$-export', text: '2 contacten', expires: 'ma 23 nov. 10:10', files: [{ title: 'Download CSV', fileId: '00000000-0000-4000-8000-000000000009' }] }],
  ['download link', 'download-link', { name: 'tapas.csv', url: 'http://127.0.0.1:3978/downloads?token=x', expires: 'ma 23 nov. 10:02' }],
  ['roster', 'roster', { title: 'Wie heeft dienst', subtitle: 'Stand', rosters: [{ name: 'Kantoorrooster', scope: 'Kantoortijden', lines: [{ label: 'Nu dienstdoende', value: 'Els' }] }] }],
  ['death form', 'death-form', { formId: 'f', values: { consultRef: '', patientInitials: '', patientBirthYear: '', localPatientNumber: '', dateOfDeath: '', place: '', notUnexpected: '' }, errors: { place: 'Kies de plaats.' }, hasErrors: true }],
];
for (const status of ['aangeboden', 'geaccepteerd', 'afgerond', 'niet-beantwoord'] as const) {
  const consult = consultIn(status);
  cases.push([`status card, ${status}`, 'consult-status', { title: 'Consultaanvraag', ...common, ...statusCardData(consult, directory) }]);
  cases.push([`offer card, ${status}`, 'consult-offer', { title: 'Consultaanbod', ...common, ...offerCardData(consult, 'els-vermeulen', directory) }]);
}
cases.push(['offer card with a notice', 'consult-offer', { title: 'Consultaanbod', ...common, notice: 'Al geaccepteerd.', ...offerCardData(consultIn('geaccepteerd'), 'frank-geurts', directory) }]);

describe('every card template expands to a valid Adaptive Card', () => {
  it.each(cases)('%s', (_name, template, data) => {
    const card = renderCard(template, data);
    expect(parseProblems(card)).toEqual([]);
    expect(unresolvedExpressions(card)).toEqual([]);
  });

  it('says in words when nobody could be reached, with the fallback number', () => {
    const card = JSON.stringify(renderCard('consult-status', { title: 'Consultaanvraag', ...common, ...statusCardData(consultIn('niet-beantwoord'), directory) }));
    expect(card).toContain('Status: Niet beantwoord');
    expect(card).toContain('046 400 9000');
  });
});

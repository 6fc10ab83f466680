import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localInstant } from '../../src/domain/calendar.js';
import { pendingOffers } from '../../src/domain/consult.js';
import { BotUnderTest, cardText, DEMO_SECRET, DOWNLOAD_SECRET, oneTimeLink, type TeamsUser } from '../support/botUnderTest.js';
import { botEnvironment } from '../e2e/processes.js';

/**
 * A known history of 44 consults over 2026-Q3 and 2026-Q4, built through the real bot over HTTP
 * with its settable clock. Every figure on the Q3 card and in both exports was counted by hand
 * below, before the test was run; the test compares.
 *
 * Q3 (29 consults, all on weekdays at 10:00, accepted 5 minutes after the request):
 *   A  5  Anna (huisarts, West), H.H. 1931-1935 with HIS-1..5, telefonisch, thuis; one telephone
 *         contact of 20 min at the accept (the form's default) on 6-10 July; each has an ACP whose
 *         wish is to die at home (conversation 1 July); each died in hospital on 25 July.
 *   B 15  Anna, G.H. 1950-1964, weekdays 3-21 August: 10 telefonisch + thuis (contact telefonisch 15 min),
 *         5 bedside + verpleeghuis (contact bedside 45 min).
 *   C  4  Bram (huisarts, Oost), digitaal, thuis, 4-7 August; contact digitaal 10 min: no prestatie.
 *   D  2  Carla (wijkverpleegkundige, West), withdrawn before anyone accepted, 10-11 August.
 *   E  2  Daan (specialist ouderengeneeskunde, Oost), bedside, verpleeghuis, 15-16 September; two
 *         contacts each, both at the accept: regiefunctie 60 min (prestatie 3) and telefonisch 10 min.
 *   F  1  Anna, 28 September (Monday); the call at 10:30 that day, closed on 2 October.
 * Deaths registered by Anna: the five A patients (ziekenhuis), four more at home and one with the
 * place unknown, all non-unexpected, in Q3; none of those five had a consult.
 * Q4 (15 consults):
 *   G 10  Anna, telefonisch, thuis: five in October (one asked on Saturday 10 October 14:00, ANW,
 *         called back on Monday 12 October 10:00, office, closed at 18:30), five in November; 15 min.
 *   H  5  Bram, bedside, thuis, November; contact bedside 30 min.
 */

// The hand count: what the Q3 card shows, region-wide.
const Q3_CARD: Record<string, string> = {
  // Headline. 27 accepted and 2 withdrawn of 29: the 2 are "<5", so the 27 must go too (27 = 29 - 2).
  Aangevraagd: '29',
  Geaccepteerd: 'onderdrukt',
  'Niet beantwoord': '0',
  'Tijd tot acceptatie, mediaan': '5 min',
  // 5x20 + 10x15 + 5x45 + 4x10 + 2x60 + 2x10 + 25 = 100 + 150 + 225 + 40 + 120 + 20 + 25 = 680.
  'Contacten specialisten PZ': '29, 680 min',
  // A's five had a contact 15-19 days before death; the other five none: 5 of 10.
  'Specialist PZ ingezet, laatste 3 maanden': '50% (5 van 10)',
  'KPI 19/28 (ziekenhuis, PZP ongewenst)': '50% (5 van 10)',
  'Trend t.o.v. 2026-Q2': 'nieuw (vorige periode 0)',
  // Status: 27 | 0 | 2 | 0.
  'Niet beantwoord (terugvalnummer)': '0',
  'Ingetrokken vóór acceptatie': '<5',
  'Nog open': '0',
  'Tijd tot acceptatie, 90e percentiel': '5 min',
  'Geëscaleerd (geweigerd of geen antwoord)': '0% (0 van 29)',
  // Anna, Bram, Carla, Daan; four practices and organisations.
  'Verschillende aanvragers': '<5',
  'Verschillende organisaties': '<5',
  'Subregio’s zonder aanvragen': 'geen',
  'Postcodegebieden (PC4) van praktijken zonder aanvragen': 'geen',
  Kantoortijd: '29',
  'ANW (avond, nacht, weekend, feestdag)': '0',
  // Asked: telefonisch A5 + B10 + D2 + F1 = 18, bedside B5 + E2 = 7, digitaal 4. The 4 is "<5"; 7 is
  // the next smallest, so it goes (else 4 = 29 - 18 - 7).
  Telefonisch: '18',
  'Bedside (aan bed)': 'onderdrukt',
  'Digitaal (chat/video)': '<5',
  // Contacts: telefonisch A5 + B10 + E2 + F1 = 18, bedside 5, digitaal 4, regiefunctie 2. The two
  // small ones add up to 6, which 1-4 + 1-4 allows in several ways: nothing more to hide.
  Bedside: '5',
  Digitaal: '<5',
  Regiefunctie: '<5',
  Coördinatie: '0',
  'MDO-PZ': '0',
  '1 Coördinatie': '0',
  '2a Telefonisch': '18',
  '2b Bedside': '5',
  '3 Regiefunctie': '<5',
  // Digitaal has no prestatie by the seed: 4.
  'Geen prestatie': '<5',
  '# telefonische consultaties': '18',
  '# bed-side consultaties': '5',
  '# declaraties regiefunctie complexe PZ': '<5',
  'Absolute inzet: contacten en minuten': '29 contacten, 680 min',
  // Huisarts 25 is Anna and Bram: two people. The other two disciplines have 2 consults each.
  huisarts: 'onderdrukt',
  'specialist ouderengeneeskunde': '<5',
  wijkverpleegkundige: '<5',
  // Thuis A5 + B10 + C4 + D2 + F1 = 22; verpleeghuis B5 + E2 = 7.
  Thuis: '22',
  Verpleeghuis: '7',
  Hospice: '0',
  Ziekenhuis: '0',
  Fysiek: '29',
  Psychisch: '0',
  Sociaal: '0',
  'Spiritueel / zingeving': '0',
  'Laag complex': '0',
  Complex: '29',
  'Hoog complex': '0',
  'MDO’s gehouden': '0',
  'Patiënten besproken': '0',
  'Waarvan nieuw gemarkeerd als palliatief': '0',
  'Nieuw gemarkeerde patiënten geagendeerd (0-meting KPI 4)': '0',
  'Deelnames van specialisten PZ': '0',
  'MDO’s met een specialist PZ': '–',
  'Overleden (geregistreerd)': '10',
  'Waarvan niet-onverwacht': '10',
  // Five in hospital whose PZP wished home, of all ten; the one with unknown place stays in the denominator.
  'KPI 19/28': '50% (5 van 10)',
  'Plaats van overlijden onbekend (in de noemer)': '<5',
  'KPI 23': 'niet vastgelegd: zorgplannen met aandacht voor PZP en de vier dimensies staan niet in de bot',
  // Five PZP conversations on 1 July, per ten non-unexpected deaths.
  'Benadering KPI 23 (geen KPI-cijfer): PZP-gesprekken in de periode per niet-onverwacht overledene': '50% (5 van 10)',
  'Specialist PZ ingezet, laatste 30 dagen voor overlijden': '50% (5 van 10)',
  'Specialist PZ ingezet, laatste 3 maanden voor overlijden': '50% (5 van 10)',
  'Specialist PZ ingezet, laatste 6 maanden voor overlijden': '50% (5 van 10)',
  'Specialist PZ ingezet, laatste 12 maanden voor overlijden': '50% (5 van 10)',
  'KPI 29': 'niet vastgelegd: consulten en visites van de HAP staan niet in de bot',
  'ANW-contacten specialist PZ, laatste 30 dagen voor overlijden (geen KPI 29)': '0 per patiënt (0 contacten)',
};

// The hand count for the kassier: (date, prestatie, minutes, form, consult group, sub-region).
const TAPAS_SEPTEMBER = [
  ['15-09-2026', '3', '60', 'regiefunctie', 'E1', 'Oostelijk Zuid-Limburg'],
  ['15-09-2026', '2a', '10', 'telefonisch', 'E1', 'Oostelijk Zuid-Limburg'],
  ['16-09-2026', '3', '60', 'regiefunctie', 'E2', 'Oostelijk Zuid-Limburg'],
  ['16-09-2026', '2a', '10', 'telefonisch', 'E2', 'Oostelijk Zuid-Limburg'],
  // Closed on 2 October, but the call was on 28 September.
  ['28-09-2026', '2a', '25', 'telefonisch', 'F', 'Westelijke Mijnstreek'],
];
const TAPAS_OCTOBER = ['05-10-2026', '06-10-2026', '07-10-2026', '08-10-2026', '12-10-2026'].map((date, i) => [date, '2a', '15', 'telefonisch', `G${i + 1}`, 'Westelijke Mijnstreek']);

const HENDRIK = JSON.parse(readFileSync('test/fixtures/fhir/QuestionnaireResponse-HendrikHartman-20201001.json', 'utf8'));
/** Hendrik's ACP as another patient's: birth year, conversation date, and "thuis" as the place to die. */
function acpFile(birthYear: number): string {
  const text = JSON.stringify(HENDRIK).replace('1961-01-01T14:27:36.000Z', `${birthYear}-01-01T12:00:00.000Z`).replace('2020-10-01T16:27:36.364Z', '2026-07-01T09:00:00.000Z');
  const acp = JSON.parse(text);
  const visit = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (node.linkId === '1191') node.answer[0].valueCoding = { system: 'http://snomed.info/sct', code: '264362003', display: 'Thuis' };
    Object.values(node).forEach(visit);
  };
  visit(acp);
  return JSON.stringify(acp);
}

let harness: BotUnderTest;
let fileServer: Server;
let fileBase = '';
const refs: Record<string, string> = {};

/** Sets the clock to a Dutch local time, "2026-07-06T10:00". */
const at = (local: string) => (harness.clock.now = localInstant(local.slice(0, 10), local.slice(11, 16)));

async function ask(user: TeamsUser, local: string, fields: Record<string, string>, group: string) {
  at(local);
  const { consult } = await user.requestConsult(fields);
  refs[group] = consult.ref;
  return consult;
}

/** The specialist the consult was offered to accepts it five minutes later. */
async function accept(consultId: string): Promise<TeamsUser> {
  harness.clock.advanceMinutes(5);
  const consult = (await harness.bot.store.consults.get(consultId))!;
  const offer = pendingOffers(consult)[0];
  if (!offer) throw new Error(`${consult.ref} at ${harness.clock.now.toISOString()} has no pending offer: ${consult.status}, ${JSON.stringify(consult.stepLog)}`);
  const specialist = harness.user(offer.personId);
  await specialist.press('consult.accept', { consultId });
  return specialist;
}

async function consultWith(user: TeamsUser, local: string, fields: Record<string, string>, group: string, contacts: Record<string, string>) {
  const consult = await ask(user, local, fields, group);
  const specialist = await accept(consult.id);
  const closed = await specialist.closeConsult(consult.id, { outcome: 'advies', adviceSummary: 'Advies gegeven, zie dossier.', ...contacts });
  expect(cardText(closed)).toContain('U heeft dit consult afgerond.');
}

async function registerDeath(fields: Record<string, string>) {
  const anna = harness.user('anna-de-vries');
  await anna.say('overlijden registreren');
  const form = anna.lastCard();
  const answer = await anna.press('outcome.death', { ...form.card.actions[0].data, notUnexpected: 'ja', ...fields }, form.activityId);
  expect(cardText(answer)).toContain('Het overlijden is geregistreerd');
}

/** Presses each button of the download card the command gives; returns the files' texts. */
async function download(user: TeamsUser, command: string): Promise<string[]> {
  await user.say(command);
  const card = user.lastCard();
  const texts: string[] = [];
  for (const action of card.card.actions as { verb: string; data: { fileId: string } }[]) {
    const link = await user.press(action.verb, action.data, card.activityId);
    texts.push(await (await fetch(oneTimeLink(link))).text());
  }
  return texts;
}

const csvRows = (csv: string) => csv.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(';'));

/** Every fact of the card, label → value. */
function factsOf(card: unknown): Record<string, string> {
  const facts: Record<string, string> = {};
  const visit = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (typeof node.title === 'string' && typeof node.value === 'string' && !node.type) facts[node.title] = node.value;
    Object.values(node).forEach(visit);
  };
  visit(card);
  return facts;
}

beforeAll(async () => {
  fileServer = createServer((req, res) => res.end(acpFile(Number((req.url ?? '').slice(1)))));
  await new Promise<void>((done) => fileServer.listen(0, '127.0.0.1', done));
  fileBase = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
  harness = await BotUnderTest.start({ env: { ATTACHMENT_HOSTS: '127.0.0.1' } });
  const [anna, bram, carla, daan] = ['anna-de-vries', 'bram-janssen', 'carla-hermans', 'daan-smeets'].map((id) => harness.user(id)) as [TeamsUser, TeamsUser, TeamsUser, TeamsUser];
  const specialists = ['els-vermeulen', 'frank-geurts', 'gea-lemmens', 'hanna-peters', 'ivo-coenen', 'joke-dassen'].map((id) => harness.user(id));
  await Promise.all([anna, bram, carla, daan, ...specialists].map((u) => u.install()));

  // A: ACP first (imported by Anna on 1 July), then the consult.
  at('2026-07-01T12:00');
  for (let i = 0; i < 5; i++) {
    const year = 1931 + i;
    await anna.post(anna.activity({ type: 'message', text: `acp importeren HIS-${i + 1}`, attachments: [{ contentType: 'application/vnd.microsoft.teams.file.download.info', name: `${year}.json`, content: { downloadUrl: `${fileBase}/${year}`, fileType: 'json' } }] }));
    expect(anna.messages().at(-1) ?? '').toContain(`ACP ingelezen voor H.H. (${year})`);
  }
  for (let i = 0; i < 5; i++) {
    await consultWith(anna, `2026-07-${String(6 + i).padStart(2, "0")}T10:00`, { patientInitials: 'H.H.', patientBirthYear: String(1931 + i), localPatientNumber: `HIS-${i + 1}` }, `A${i + 1}`, { contact1Form: 'telefonisch', contact1Minutes: '20' });
  }
  const augustWeekdays = [3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21];
  for (const [i, day] of augustWeekdays.entries()) {
    const bedside = i >= 10;
    await consultWith(anna, `2026-08-${String(day).padStart(2, '0')}T10:00`, { patientInitials: 'G.H.', patientBirthYear: String(1950 + i), form: bedside ? 'bedside' : 'telefonisch', setting: bedside ? 'verpleeghuis' : 'thuis' }, `B${i + 1}`, {
      contact1Form: bedside ? 'bedside' : 'telefonisch',
      contact1Minutes: bedside ? '45' : '15',
    });
  }
  for (let i = 0; i < 4; i++) {
    await consultWith(bram, `2026-08-0${4 + i}T10:00`, { patientInitials: 'B.J.', patientBirthYear: String(1970 + i), subRegionId: 'oostelijk-zuid-limburg', form: 'digitaal' }, `C${i + 1}`, { contact1Form: 'digitaal', contact1Minutes: '10' });
  }
  for (let i = 0; i < 2; i++) {
    const consult = await ask(carla, `2026-08-1${i}T10:00`, { patientInitials: 'C.W.', patientBirthYear: String(1980 + i) }, `D${i + 1}`);
    await carla.press('consult.withdraw', { consultId: consult.id, withdrawReason: 'toch niet nodig' });
  }
  for (let i = 0; i < 2; i++) {
    await consultWith(daan, `2026-09-1${5 + i}T10:00`, { patientInitials: 'D.S.', patientBirthYear: String(1925 + i), subRegionId: 'oostelijk-zuid-limburg', form: 'bedside', setting: 'verpleeghuis' }, `E${i + 1}`, {
      contactCount: '2', contact1Form: 'regiefunctie', contact1Minutes: '60', contact2Form: 'telefonisch', contact2Minutes: '10',
    });
  }
  const f = await ask(anna, '2026-09-28T10:00', { patientInitials: 'F.F.', patientBirthYear: '1939' }, 'F');
  const fSpecialist = await accept(f.id);
  at('2026-10-02T09:00');
  await fSpecialist.closeConsult(f.id, { outcome: 'advies', adviceSummary: 'Advies gegeven, zie dossier.', contact1Form: 'telefonisch', contact1Minutes: '25', contact1Date: '2026-09-28', contact1Time: '10:30' });

  for (let i = 0; i < 5; i++) await registerDeath({ patientInitials: 'H.H.', patientBirthYear: String(1931 + i), localPatientNumber: `HIS-${i + 1}`, dateOfDeath: '2026-07-25', place: 'ziekenhuis' });
  for (let i = 0; i < 5; i++) await registerDeath({ patientInitials: 'P.Q.', patientBirthYear: String(1941 + i), dateOfDeath: `2026-08-1${i}`, place: i === 4 ? 'onbekend' : 'thuis' });

  const october = ['2026-10-05T10:00', '2026-10-06T10:00', '2026-10-07T10:00', '2026-10-08T10:00'];
  for (const [i, local] of [...october, '2026-11-03T10:00', '2026-11-04T10:00', '2026-11-05T10:00', '2026-11-10T10:00', '2026-11-11T10:00'].entries()) {
    await consultWith(anna, local, { patientInitials: 'G.G.', patientBirthYear: String(1960 + i) }, `G${i < 4 ? i + 1 : i + 2}`, { contact1Form: 'telefonisch', contact1Minutes: '15' });
  }
  // G5: asked on a Saturday afternoon (ANW), called back on Monday morning (office hours).
  const g5 = await ask(anna, '2026-10-10T14:00', { patientInitials: 'G.G.', patientBirthYear: '1970' }, 'G5');
  const g5Specialist = await accept(g5.id);
  // Closed that evening (ANW): the contact's own time decides.
  at('2026-10-12T18:30');
  await g5Specialist.closeConsult(g5.id, { outcome: 'advies', adviceSummary: 'Advies gegeven, zie dossier.', contact1Form: 'telefonisch', contact1Minutes: '15', contact1Date: '2026-10-12', contact1Time: '10:00' });
  for (let i = 0; i < 5; i++) {
    await consultWith(bram, `2026-11-${16 + i}T10:00`, { patientInitials: 'B.B.', patientBirthYear: String(1940 + i), subRegionId: 'oostelijk-zuid-limburg', form: 'bedside' }, `H${i + 1}`, { contact1Form: 'bedside', contact1Minutes: '30' });
  }
  at('2026-12-15T10:00');
}, 240_000);

afterAll(async () => {
  await harness.stop();
  fileServer.closeAllConnections();
  await new Promise((done) => fileServer.close(done));
});

describe('a known history of 44 consults, counted by hand', () => {
  it('shows every figure of the Q3 card as counted by hand', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('statistiek 2026-Q3');
    expect(factsOf(karin.lastCard().card)).toEqual(Q3_CARD);
  });

  it('gives the same figures in the KPI export, from the chat and from npm run report', async () => {
    const karin = harness.user('karin-bosch');
    const [chatCsv] = await download(karin, 'export kpi 2026-Q3');
    const exported = Object.fromEntries(csvRows(chatCsv!).filter(([part]) => part !== 'Definitie' && part !== 'Reikwijdte').map(([, label, value]) => [label, value]));
    expect(exported).toEqual(Q3_CARD);

    const out = await mkdtemp(join(tmpdir(), 'pz-report-'));
    await promisify(execFile)(resolve('node_modules/.bin/tsx'), [resolve('src/cli/report.ts'), 'kpi', '2026-Q3', '--regio', 'mijnstreek', '--uit', out], {
      // The bot's own store and settings: its PostgreSQL schema when it runs on one, else its folder (never CI's DATABASE_URL).
      env: botEnvironment({ STORE_DIR: harness.storeDir, DATABASE_URL: harness.database?.url ?? '', DATA_DIR: 'data', PATIENT_REF_SECRET: DEMO_SECRET, DOWNLOAD_LINK_SECRET: DOWNLOAD_SECRET }),
    });
    const cliCsv = await readFile(join(out, 'cijfers-Mijnstreek-2026-Q3.csv'), 'utf8');
    // The browser's text() drops the byte-order mark the file starts with.
    expect(cliCsv.replace(/^\uFEFF/, '')).toBe(chatCsv);
  }, 60_000);

  it('puts each contact in the kassier’s file of the month it took place: the 28 September call closed on 2 October is in September', async () => {
    const karin = harness.user('karin-bosch');
    const byRef = Object.fromEntries(Object.entries(refs).map(([group, ref]) => [ref, group]));
    const rows = async (month: string) =>
      csvRows((await download(karin, `export tapas ${month}`))[0]!).map((r) => [r[3], r[4], r[5], r[6], byRef[r[10]!] ?? r[10], r[11]]);
    expect(await rows('2026-09')).toEqual(TAPAS_SEPTEMBER);
    expect(await rows('2026-10')).toEqual(TAPAS_OCTOBER);
  });

  it('dates office hours or ANW by the contact: a Saturday request called back on Monday morning is an office-hours contact', async () => {
    const contacts = await harness.bot.store.contacts.tookPlaceBetween(new Date('2026-10-12T00:00:00+02:00'), new Date('2026-10-13T00:00:00+02:00'));
    expect(contacts.map((c) => [c.period, 'consultRef' in c && refs.G5 === c.consultRef])).toEqual([['office', true]]);
  });

  it('counts Q4 from the same history: 15 asked, 15 contacts of 10x15 + 5x30 = 300 minutes, 48% fewer than Q3', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('statistiek 2026-Q4');
    const facts = factsOf(karin.lastCard().card);
    expect([facts.Aangevraagd, facts['Contacten specialisten PZ'], facts['Trend t.o.v. 2026-Q3']]).toEqual(['15', '15, 300 min', '-48% (vorige periode 29)']);
  });

  it('narrows every figure, the KPIs included, to a sub-region', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('statistiek 2026-Q3 Oostelijk Zuid-Limburg');
    const card = karin.lastCard().card;
    const facts = factsOf(card);
    // Oost: C4 (Bram) + E2 (Daan) = 6 asked; no deaths registered there.
    expect([facts.Aangevraagd, facts['Overleden (geregistreerd)'], facts['KPI 19/28']]).toEqual(['6', '0', '–']);
    expect(cardText(card)).toContain('Alle cijfers, ook de KPI’s, gelden voor deze subregio of pool.');
  });
});

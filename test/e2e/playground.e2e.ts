/**
 * End to end in a real Teams client: the bot (src/index.ts, local mode, loopback) and the
 * Microsoft 365 Agents Playground pointing at it, driven in Debian's Chromium with playwright-core.
 *
 *   npm run test:e2e
 *
 * Each step says who acts and how:
 *   [Playground]  a person in the Playground's web page (typing, filling and pressing cards);
 *   [HTTP]        a second person, whom the Playground cannot play, POSTing Teams activities to
 *                 /api/messages, with the Bot Connector stand-in receiving what the bot sends them.
 *
 * The Playground's user is a network member: its mock-data file (test/e2e/playground/*.yml) gives
 * the current user that person's Entra object id from data/regions, so the bot knows them by it.
 * The Playground plays one user at a time: Anna de Vries (huisarts) asks the consult; for
 * `statistiek` it is started again with Karin Bosch (coordinator), against the same running bot.
 * Anna, chair of kernteam De Linde, also links the Playground team's channel Algemeen to her
 * kernteam's MDO-PZ; the meeting she plans becomes a thread there, whose card never names the
 * patient that Els (over HTTP) puts on its agenda.
 *
 * A PNG of each card goes to test/e2e/artifacts/. Not a vitest file: it needs a browser.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import type { Person } from '../../src/domain/network.js';
import { cardText, TeamsUser, type UserHost } from '../support/botUnderTest.js';
import { ConnectorStandIn } from '../support/connectorStandIn.js';
import { CardForm, launchChromium, PlaygroundPage, screenshotCardJson } from './playgroundPage.js';
import { botSettings, freePort, importAcp, ROOT, startBot, startPlayground, type Child } from './processes.js';
import { eventually, reportFailure, StepRun, tearDown } from './steps.js';

const ARTIFACTS = join(ROOT, 'test/e2e/artifacts');
const ACP_FILE = join(ROOT, 'test/fixtures/fhir/QuestionnaireResponse-HendrikHartman-20201001.json');
/** Hendrik Hartman of the ACP fixture, as Anna's practice knows him. */
const PATIENT = { initials: 'H.H.', birthYear: '1961', number: 'HIS-E2E-1' };

const { directory } = loadNetwork(join(ROOT, 'data'));
const person = (id: string): Person => directory.person(id) ?? assert.fail(`no ${id} in data/`);
const anna = person('anna-de-vries');

const run = new StepRun();
const step = run.step.bind(run);

const scratch = await mkdtemp(join(tmpdir(), 'pz-e2e-'));
const storeDir = join(scratch, 'store');
await rm(ARTIFACTS, { recursive: true, force: true });
await mkdir(ARTIFACTS, { recursive: true });
const connector = new ConnectorStandIn();
const children: Child[] = [];
let browser: Browser | undefined;
let playground: PlaygroundPage | undefined;
let failed = false;

try {
  const botPort = await freePort();
  const settings = { port: botPort, storeDir, patientRefSecret: 'e2e-only-patient-references-0123456789abcdef' };
  console.log(`PZ-Consultbot in the Microsoft 365 Agents Playground (artifacts in ${ARTIFACTS})`);

  await step('setup: Anna’s ACP of Hendrik Hartman is imported with npm run acp:import', async () => {
    const output = await importAcp(scratch, settings, ACP_FILE, anna.id, PATIENT.number);
    assert.match(output, /ACP ingelezen voor H\.H\. \(1961\)/);
  });

  const bot = await startBot(scratch, botSettings(settings));
  children.push(bot);
  await connector.start();
  // TeamsUser (test/support) needs only where the bot and the connector stand-in listen.
  const overHttp: UserHost = { connector, url: `http://127.0.0.1:${botPort}`, consultByRef: async () => undefined };
  const specialists = directory.regions
    .flatMap((region) => region.people)
    .filter((someone) => someone.role === 'specialist')
    .map((someone) => new TeamsUser(overHttp, someone.id, someone.name, someone.aadObjectId));

  await step('[HTTP] every specialist PZ installs the bot, so the one on call now can be offered the consult', async () => {
    for (const specialist of specialists) await specialist.install();
  });

  const annasPlayground = await startPlayground(scratch, botPort, 'anna-de-vries');
  children.push(annasPlayground.child);
  browser = await launchChromium();
  playground = await PlaygroundPage.open(browser, annasPlayground.url, ARTIFACTS);
  const page = playground;

  await step('[Playground] Anna opens the chat and is welcomed by name', async () => {
    await page.message('Welkom Anna de Vries');
  });

  await step('[Playground] help shows what a generalist may do', async () => {
    await page.say('help');
    const help = await page.card('U bent bekend als Anna de Vries, generalist');
    await page.screenshot(help, '01-help');
  });

  let ref = '';
  await step('[Playground] consult → fill the form → Consult aanvragen: the form becomes the status card in place', async () => {
    await page.say('consult');
    const formCard = await page.card('Consult aanvragen bij een specialist PZ');
    await page.screenshot(formCard, '02-consult-form-empty');
    const form = new CardForm(formCard);
    await form.text('Initialen patiënt', PATIENT.initials);
    await form.text('Geboortejaar', PATIENT.birthYear);
    await form.text('Eigen patiëntnummer', PATIENT.number);
    await form.pick('Waar verblijft de patiënt?', 'Thuis');
    await form.choose('Telefonisch');
    await form.choose('Spoed');
    await form.pick('Complexiteit', 'Complex');
    await form.choose('Fysiek');
    await form.choose('Psychisch');
    await form.text('Uw vraag', 'Toenemende benauwdheid en onrust; wat zijn de afspraken, palliatieve sedatie overwegen?');
    await form.text('Terugbelnummer', anna.phone);
    await page.screenshot(formCard, '03-consult-form-filled');
    await form.press('Consult aanvragen');

    const status = await page.card(/Consultaanvraag C-[0-9A-Z]{4}/);
    ref = /C-[0-9A-Z]{4}/.exec(await status.innerText())![0];
    assert.equal(await page.cards('Consult aanvragen bij een specialist PZ').count(), 0, 'the form was replaced, not followed by a new message');
    assert.match(await status.innerText(), /wacht op antwoord/);
    await page.screenshot(status, '04-status-offered');
  });

  let offered: { specialist: TeamsUser; activityId: string; card: any } | undefined;
  await step('[HTTP] the specialist on call receives the offer through the connector stand-in', async () => {
    offered = await eventually('the offer', () => {
      for (const specialist of specialists) {
        const offer = specialist.cards().find((c) => cardText(c.card).includes(ref));
        if (offer) return { specialist, ...offer };
      }
      return undefined;
    });
    const text = cardText(offered.card);
    assert.match(text, /Dit consult wordt aan u aangeboden\./);
    assert.match(text, /Er is een PZP\/ACP van deze patiënt/);
    await screenshotCardJson(browser!, offered.card, join(ARTIFACTS, '05-offer-specialist-http.png'));
  });

  await step('[Playground → HTTP] Anna adds to the waiting request; the specialist gets it and their offer card shows it', async () => {
    await page.say('Aanvulling: sinds vanochtend niet meer aanspreekbaar');
    await page.message(`Uw aanvulling is toegevoegd aan consult ${ref}`);
    const status = await page.card(`Consultaanvraag ${ref}`);
    await status.filter({ hasText: 'sinds vanochtend niet meer aanspreekbaar' }).waitFor();
    await page.screenshot(status, '04b-status-with-aanvulling');
    const { specialist, activityId } = offered!;
    await eventually('the addition in the specialist’s chat', () => specialist.messages().find((m) => m.includes(`[${ref}] Aanvulling van Anna de Vries`)));
    const updated = await eventually('the offer card with the addition', () => {
      const card = specialist.currentCard(activityId);
      return cardText(card).includes('sinds vanochtend niet meer aanspreekbaar') ? card : undefined;
    });
    assert.match(cardText(updated), /Aanvullingen van de aanvrager/);
    await screenshotCardJson(browser!, updated, join(ARTIFACTS, '05b-offer-with-aanvulling-http.png'));
  });

  await step('[HTTP → Playground] the specialist accepts; Anna’s status card updates in place and she is told', async () => {
    const { specialist, activityId, card } = offered!;
    const consultId = JSON.stringify(card).match(/"consultId":"([0-9a-f-]{36})"/)![1]!;
    const accepted = await specialist.press('consult.accept', { consultId }, activityId);
    assert.match(cardText(accepted), /U heeft dit consult geaccepteerd\./);
    await screenshotCardJson(browser!, accepted, join(ARTIFACTS, '06-offer-accepted-http.png'));

    await page.message(`Consult ${ref} is geaccepteerd door ${specialist.name}`);
    const status = page.cards(`Consultaanvraag ${ref}`);
    await status.filter({ hasText: `Geaccepteerd door ${specialist.name}` }).waitFor();
    assert.equal(await status.count(), 1, 'one status card, updated where it was');
    await page.screenshot(status, '07-status-accepted');
  });

  await step('[HTTP → Playground] a message from the specialist reaches Anna tagged with the reference', async () => {
    await offered!.specialist.say(`${ref}: Ik bel u over tien minuten.`);
    await page.message(`[${ref}] ${offered!.specialist.name}: Ik bel u over tien minuten.`);
  });

  await step(`[Playground] acp <ref> shows Anna the ACP summary card of the consult’s patient`, async () => {
    await page.say(`acp ${ref}`);
    const acp = await page.card('Proactieve zorgplanning');
    assert.match(await acp.innerText(), /Patiënt H\.H\. \(1961\)/);
    await page.screenshot(acp, '08-acp-summary');
  });

  const consultIdOf = (card: unknown) => JSON.stringify(card).match(/"consultId":"([0-9a-f-]{36})"/)![1]!;

  await step('[HTTP] Bespreken in MDO sends the agenda form as a new message; the consult card keeps Afronden and Bellen', async () => {
    const { specialist, activityId, card } = offered!;
    const before = specialist.cards().length;
    const consultCard = await specialist.press('mdo.fromConsult', { consultId: consultIdOf(card) }, activityId);
    assert.match(cardText(consultCard), /\[Afronden\]/);
    assert.match(cardText(consultCard), /\[Bellen in Teams\]/);
    assert.match(cardText(consultCard), /Het formulier om de patiënt voor het MDO te agenderen staat hieronder\./);
    const agendaForm = await eventually('the agenda form as a new message', () => specialist.cards().slice(before).find((c) => cardText(c.card).includes('Patiënt agenderen voor het MDO-PZ')));
    await screenshotCardJson(browser!, consultCard, join(ARTIFACTS, '07b-consult-card-kept-http.png'));
    await screenshotCardJson(browser!, agendaForm.card, join(ARTIFACTS, '07c-mdo-agenda-form-http.png'));
  });

  await step('[HTTP → Playground] the close form (conversation folded away), then the closed card lists what was registered', async () => {
    const { specialist, card } = offered!;
    const consultId = consultIdOf(card);
    const form = await specialist.press('consult.closeForm', { consultId, contactCount: '1' });
    const formText = cardText(form);
    assert.match(formText, /TAPA\$-prestatie per vorm: .*zonder prestatie komt het contact niet in het kassiersbestand\./);
    assert.match(JSON.stringify(form), /Gesprek tonen of verbergen \(1 bericht\)/);
    assert.doesNotMatch(JSON.stringify(form).match(/\{[^{}]*"id":"contact1Minutes"[^{}]*\}/)![0], /"value"/, 'minutes start empty');
    await screenshotCardJson(browser!, form, join(ARTIFACTS, '08b-close-form-http.png'));
    const closed = await specialist.closeConsult(consultId, { contact1Form: 'telefonisch', contact1Minutes: '20', outcome: 'advies', adviceSummary: 'Midazolam 2,5 mg s.c. zo nodig; familie instrueren.' });
    assert.match(cardText(closed), /Geregistreerd contact/);
    await screenshotCardJson(browser!, closed, join(ARTIFACTS, '08c-closed-offer-http.png'));

    const status = page.cards(`Consultaanvraag ${ref}`);
    await status.filter({ hasText: 'Geregistreerd contact' }).waitFor();
    assert.match(await status.innerText(), /Telefonisch · 20 minuten · prestatie 2a Telefonisch/);
    assert.match(await status.innerText(), /Midazolam 2,5 mg s\.c\. zo nodig/);
    await page.screenshot(status, '08d-status-closed');
  });

  await step('[Playground → HTTP] Vervolgvraag on the closed card opens a follow-up, offered to the same specialist first', async () => {
    await new CardForm(await page.card(`Consultaanvraag ${ref}`)).press('Vervolgvraag');
    const formCard = await page.card(`Vervolgvraag bij consult ${ref}`);
    const form = new CardForm(formCard);
    await form.text('Uw vraag', 'Nog een vraag: mag de midazolam vaker dan eens per 2 uur?');
    await page.screenshot(formCard, '09a-follow-up-form');
    await form.press('Consult aanvragen');
    const followUp = await page.card(new RegExp(`Consultaanvraag C-[0-9A-Z]{4}[\\s\\S]*Vervolgvraag bij consult ${ref}`));
    const followUpRef = [...(await followUp.innerText()).matchAll(/C-[0-9A-Z]{4}/g)].map((m) => m[0]).find((r) => r !== ref)!;
    await page.screenshot(followUp, '09b-follow-up-status');
    const { specialist } = offered!;
    const offer = await eventually('the follow-up offer', () => specialist.cards().find((c) => cardText(c.card).includes(followUpRef)));
    assert.match(cardText(offer.card), /Aangeboden als: Specialist PZ van het vorige consult/);
    await screenshotCardJson(browser!, offer.card, join(ARTIFACTS, '09c-follow-up-offer-http.png'));
  });

  const els = specialists.find((someone) => someone.personId === 'els-vermeulen')!;
  const CHANNEL = 'Netwerk PZ - Algemeen';
  const THREAD_CARD = 'MDO-PZ · Kernteam Huisartsenpraktijk De Linde';
  const MDO_PATIENT = { initials: 'J.K.', birthYear: '1939', question: 'Nieuw palliatief: wensen rond ziekenhuisopname en plek van overlijden bespreken.' };
  await step('[Playground] in the team channel Algemeen Anna, chair of kernteam De Linde, links it with @PZ-Consultbot mdo kanaal koppelen; the bot checks the channel’s roster', async () => {
    await page.open(CHANNEL);
    await page.postMentioningBot('mdo kanaal koppelen');
    await page.message('Dit kanaal is gekoppeld aan het MDO-PZ van Kernteam Huisartsenpraktijk De Linde');
    await page.message('In dit kanaal: Anna de Vries, Carla Hermans, Daan Smeets, Els Vermeulen.');
    await page.screenshot(page.page.getByText('Dit kanaal is gekoppeld').first().locator('xpath=..'), '10-channel-linked');
  });

  let mdoRef = '';
  await step('[Playground] Anna plans a monthly MDO in her 1:1 chat; its thread card appears in the channel with date, series, place, chair and participants', async () => {
    await page.open('Personal Chat');
    await page.say('mdo plannen');
    const form = new CardForm(await page.card('MDO-PZ plannen'));
    await form.choose('Elke maand, op dezelfde weekdag (bijv. 2e dinsdag)');
    await form.text('Plaats (optioneel)', 'Praktijk De Linde, spreekkamer 2');
    await form.press('Plannen');
    const planned = await page.card('MDO-PZ gepland');
    assert.match(await planned.innerText(), /als draad in het kanaal van Kernteam Huisartsenpraktijk De Linde/);
    mdoRef = /M-[0-9A-Z]{4}/.exec(await planned.innerText())![0];
    await page.open(CHANNEL);
    const thread = await page.card(THREAD_CARD);
    const text = await thread.innerText();
    assert.match(text, new RegExp(mdoRef));
    assert.match(text, /elke (\d|laatste)e? \S+ van de maand/);
    assert.match(text, /Praktijk De Linde, spreekkamer 2/);
    assert.match(text, /Anna de Vries \(huisarts\)/);
    await page.screenshot(thread, '11-channel-thread-planned');
  });

  await step('[HTTP → Playground] Els puts a patient on the agenda; the thread card updates in place, numbered, without initials, birth year or question', async () => {
    await els.say('mdo agenderen');
    const form = els.lastCard();
    const added = await els.press('mdo.addItem', {
      ...form.card.actions[0].data, kernteamId: 'kernteam-de-linde', patientInitials: MDO_PATIENT.initials, patientBirthYear: MDO_PATIENT.birthYear, question: MDO_PATIENT.question, dimensions: 'fysiek,sociaal', newlyMarked: 'ja',
    }, form.activityId);
    assert.match(cardText(added), /J\.K\. \(1939\) staat op de agenda/);
    const thread = page.cards(THREAD_CARD).filter({ hasText: 'Patiënt 1' });
    await thread.waitFor();
    assert.equal(await page.cards(THREAD_CARD).count(), 1, 'one thread card, updated where it was');
    const channelText = await page.page.locator('body').innerText();
    for (const identifying of [MDO_PATIENT.initials, MDO_PATIENT.birthYear, MDO_PATIENT.question]) assert.ok(!channelText.includes(identifying), `the channel shows ${identifying}`);
    await page.screenshot(thread, '12-channel-thread-agenda');
  });

  await step('[Playground] Anna presses Patiëntgegevens (1-op-1) on the thread card; the agenda with the patient arrives in her 1:1 chat only', async () => {
    await new CardForm(await page.card(THREAD_CARD)).press('Patiëntgegevens (1-op-1)');
    await page.open('Personal Chat');
    const full = await page.card(new RegExp(`${mdoRef}[\\s\\S]*J\\.K\\. \\(1939\\)`));
    assert.match(await full.innerText(), /Nieuw palliatief: wensen rond ziekenhuisopname/);
    await page.screenshot(full, '13-mdo-details-in-1on1');
  });

  await step('[Playground] Anna signs off from the thread card; it updates in place for the channel', async () => {
    await page.open(CHANNEL);
    await new CardForm(await page.card(THREAD_CARD)).press('Afmelden');
    const thread = page.cards(THREAD_CARD).filter({ hasText: 'nog niemand' });
    await thread.waitFor();
    await page.screenshot(thread, '14-channel-thread-after-leave');
  });

  await step('[Playground] Anna writes a request in her own words; the form comes back filled in from them, for her to check', async () => {
    await page.open('Personal Chat');
    await page.say('consult mw 84 jr thuis, niet benauwd maar sinds vannacht erg onrustig en verward, dochter is op. graag vandaag bellen');
    const formCard = page.cards('Consult aanvragen bij een specialist PZ').last();
    await formCard.waitFor();
    const form = new CardForm(formCard);
    assert.equal(await form.shown('Geboortejaar'), String(new Date().getFullYear() - 84), 'the age became an estimated birth year');
    for (const chosen of ['Telefonisch', 'Vandaag', 'Fysiek', 'Sociaal']) assert.equal(await form.isChosen(chosen), true, `${chosen} is ticked`);
    for (const left of ['Spoed', 'Psychisch', 'Spiritueel / zingeving']) assert.equal(await form.isChosen(left), false, `${left} is not ticked`);
    assert.match(await form.shown('Waar verblijft de patiënt?'), /Thuis/);
    assert.equal(await form.shown('Uw vraag'), 'mw 84 jr thuis, niet benauwd maar sinds vannacht erg onrustig en verward, dochter is op. graag bellen', 'the time is in Urgentie, not in the question');
    await page.screenshot(formCard, '15-consult-form-from-own-words');
  });

  await step('[Playground] while her follow-up waits, Anna types another patient as on a phone; the bot asks where it belongs, and Nieuw consult aanvragen opens the form filled in', async () => {
    await page.say('dhr 77 thuis, benauwd en onrustig, graag bellen');
    const choose = await page.card('Bij welk consult hoort uw bericht?');
    assert.match(await choose.innerText(), /C-[0-9A-Z]{4}: H\.H\. \([0-9]{4}\) · aanvulling/);
    await page.screenshot(choose, '15b-which-consult');
    await new CardForm(choose).press('Nieuw consult aanvragen');
    // The choice is replaced in place by the form.
    await page.cards('Bij welk consult hoort uw bericht?').first().waitFor({ state: 'detached' });
    const formCard = page.cards('Consult aanvragen bij een specialist PZ').last();
    const form = new CardForm(formCard);
    assert.equal(await form.shown('Geboortejaar'), String(new Date().getFullYear() - 77), 'the age became an estimated birth year');
    assert.equal(await form.isChosen('Telefonisch'), true, 'Telefonisch is ticked');
    assert.equal(await form.shown('Uw vraag'), 'dhr 77 thuis, benauwd en onrustig, graag bellen');
    await page.screenshot(formCard, '15c-form-from-the-choice');
  });

  await playground.close();
  playground = undefined;
  await annasPlayground.child.stop();
  const karinsPlayground = await startPlayground(scratch, botPort, 'karin-bosch');
  children.push(karinsPlayground.child);
  playground = await PlaygroundPage.open(browser, karinsPlayground.url, ARTIFACTS);
  const coordinatorPage = playground;

  await step('[Playground, started again as Karin Bosch] statistiek shows the coordinator her region’s figures', async () => {
    await coordinatorPage.message('Welkom Karin Bosch');
    await coordinatorPage.say('statistiek');
    const statistics = await coordinatorPage.card('Consultatiestatistiek Mijnstreek');
    await coordinatorPage.screenshot(statistics, '10-statistiek-coordinator');
  });
} catch (error) {
  failed = true;
  await reportFailure(error, playground, 'failure-page');
} finally {
  await tearDown({ browser, children, connector, scratch, failed });
}

console.log(run.summary('e2e', failed));
process.exit(failed ? 1 : 0);

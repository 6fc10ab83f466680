/**
 * Issue #17's ANW night, end to end in the Agents Playground: the bot's clock starts on Monday
 * 23 November 2026 at 20:00 (BOT_CLOCK_START, local mode), so the Zuid-Limburg ANW pool answers.
 * The primary on call has the bot; the backup and the rest of the pool never installed it.
 * Mijnstreek's chain is shortened to 1-minute steps, re-notification to every minute and one
 * repeat, so the night fits in three minutes.
 *
 *   npm run test:e2e   (after the office-hours run in playground.e2e.ts)
 *
 * [Playground] Anna de Vries (huisarts) asks a spoed consult; [HTTP] the primary, and Karin Bosch
 * (coordinator), talk to the bot through the Bot Connector stand-in. PNGs go to test/e2e/artifacts/.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { Router } from '../../src/domain/routing.js';
import { cardText, TeamsUser, type UserHost } from '../support/botUnderTest.js';
import { ConnectorStandIn } from '../support/connectorStandIn.js';
import { CardForm, launchChromium, PlaygroundPage, screenshotCardJson } from './playgroundPage.js';
import { botSettings, freePort, ROOT, startBot, startPlayground, type Child } from './processes.js';
import { eventually, reportFailure, StepRun, tearDown } from './steps.js';

const ARTIFACTS = join(ROOT, 'test/e2e/artifacts');
const NIGHT = '2026-11-23T20:00:00+01:00';
const run = new StepRun();
const step = run.step.bind(run);

const scratch = await mkdtemp(join(tmpdir(), 'pz-e2e-anw-'));
await mkdir(ARTIFACTS, { recursive: true });
const connector = new ConnectorStandIn();
const children: Child[] = [];
let browser: Browser | undefined;
let playground: PlaygroundPage | undefined;
let failed = false;

try {
  console.log(`An ANW night in the Agents Playground (clock from ${NIGHT}; artifacts in ${ARTIFACTS})`);
  const dataDir = join(scratch, 'data');
  await cp(join(ROOT, 'data'), dataDir, { recursive: true });
  const regionFile = join(dataDir, 'regions', 'mijnstreek.json');
  const region = JSON.parse(await readFile(regionFile, 'utf8'));
  const oneMinute = ['primary', 'backup', 'pool'].map((notify) => ({ notify, waitMinutes: 1 }));
  region.escalation = { spoed: oneMinute, vandaag: oneMinute, 'deze-week': oneMinute };
  region.paging = { renotifyMinutes: { spoed: 1, vandaag: 1, 'deze-week': 1 }, loops: 1 };
  await writeFile(regionFile, JSON.stringify(region));

  const { directory, pools, rosters } = loadNetwork(dataDir);
  const plan = new Router(directory, pools, rosters).plan('westelijke-mijnstreek', 'spoed', Date.parse(NIGHT)).plan;
  const botPort = await freePort();
  const settings = { port: botPort, storeDir: join(scratch, 'store'), patientRefSecret: 'e2e-only-patient-references-0123456789abcdef' };
  children.push(await startBot(scratch, { ...botSettings(settings), DATA_DIR: dataDir, BOT_CLOCK_START: NIGHT }));
  await connector.start();
  const overHttp: UserHost = { connector, url: `http://127.0.0.1:${botPort}`, consultByRef: async () => undefined };
  const user = (id: string) => {
    const person = directory.person(id) ?? assert.fail(`no ${id} in data/`);
    return new TeamsUser(overHttp, person.id, person.name, person.aadObjectId);
  };
  const primary = user(plan[0]!.personIds[0]!);
  const karin = user('karin-bosch');
  const unreachable = plan.slice(1).flatMap((s) => s.personIds).map((id) => directory.person(id)!.name);

  await step(`[HTTP] only the primary on call (${primary.name}) and the coordinator have the bot; ${unreachable.join(', ')} do not`, async () => {
    assert.ok(unreachable.length > 0);
    await primary.install();
    await karin.install();
  });

  const annasPlayground = await startPlayground(scratch, botPort, 'anna-de-vries');
  children.push(annasPlayground.child);
  browser = await launchChromium();
  playground = await PlaygroundPage.open(browser, annasPlayground.url, ARTIFACTS);
  const page = playground;

  let ref = '';
  await step('[Playground] at 20:00 Anna asks a spoed consult: her card shows the fallback number and the deadline from the start', async () => {
    await page.message('Welkom Anna de Vries');
    await page.say('consult');
    const form = new CardForm(await page.card('Consult aanvragen bij een specialist PZ'));
    await form.text('Initialen patiënt', 'M.');
    await form.text('Geboortejaar', '1940');
    await form.pick('Waar verblijft de patiënt?', 'Thuis');
    await form.choose('Telefonisch');
    await form.choose('Spoed');
    await form.pick('Complexiteit', 'Complex');
    await form.choose('Fysiek');
    await form.text('Uw vraag', 'Terminale onrust ondanks midazolam; sedatie verdiepen?');
    await form.text('Terugbelnummer', '046 411 0101');
    await form.press('Consult aanvragen');
    const status = await page.card(/Consultaanvraag C-[0-9A-Z]{4}/);
    ref = /C-[0-9A-Z]{4}/.exec(await status.innerText())![0];
    const text = await status.innerText();
    assert.match(text, /Spoed en geen reactie\? Bel 046 400 9000\./);
    assert.match(text, /Reactie uiterlijk 20:01/);
    await page.screenshot(status, '21-anw-status-spoed');
  });

  await step('[HTTP] the primary is offered the consult, and re-notified a minute later as a new message', async () => {
    await eventually('the offer', () => primary.cards().find((c) => cardText(c.card).includes(ref)));
    await eventually('a re-notification', () => primary.messages().find((text) => text.startsWith(`Herinnering: consult ${ref}`)), 90_000);
    assert.equal(primary.cards().filter((c) => cardText(c.card).includes(ref)).length, 1, 'one offer card, updated in place');
    await screenshotCardJson(browser!, primary.currentCard(primary.cards()[0]!.activityId), join(ARTIFACTS, '22-anw-offer-primary-http.png'));
  });

  await step('[Playground] Anna hears once that it moved on, without the names of those who could not be reached', async () => {
    await page.message(`Consult ${ref}: nog geen reactie van ${primary.name}.`, 90_000);
    const shown = await page.page.locator('body').innerText();
    for (const name of unreachable) assert.ok(!shown.includes(name), `${name} is not shown to the GP`);
    assert.ok(!shown.includes('overgeslagen'));
  });

  await step('[HTTP] the coordinator hears who cannot be reached, and once the chain ran out, that nobody took it', async () => {
    await eventually('the unreachable note', () => karin.messages().find((text) => text.includes('niet bereikbaar via de chat')), 30_000);
    const alert = await eventually('the alert', () => karin.messages().find((text) => text.startsWith(`Let op, consult ${ref}`)), 150_000);
    assert.match(alert, /niemand heeft het aangenomen\. Aangevraagd op 23 november om 20:00; de keten was (direct|na \d+ minu(ut|ten)) rond\./);
    assert.match(alert, new RegExp(`Het aanbod staat nog open bij ${primary.name} en wordt steeds opnieuw gestuurd\\.`));
    assert.doesNotMatch(alert, /keer/);
  });

  await step('[Playground] Anna’s card says the consult stays open and the coordinator knows', async () => {
    await page.message(`Consult ${ref}: nog niemand heeft het aangenomen. Het aanbod aan ${primary.name} blijft staan`, 30_000);
    const status = page.cards(`Consultaanvraag ${ref}`);
    await status.filter({ hasText: 'de netwerkcoördinator is ingelicht' }).waitFor({ timeout: 15_000 });
    await page.screenshot(status, '23-anw-status-still-open');
  });

  await step('[HTTP → Playground] the primary finally accepts the offer that never lapsed; Anna is told', async () => {
    const offer = primary.cards().find((c) => cardText(c.card).includes(ref))!;
    const consultId = JSON.stringify(offer.card).match(/"consultId":"([0-9a-f-]{36})"/)![1]!;
    const accepted = await primary.press('consult.accept', { consultId }, offer.activityId);
    assert.match(cardText(accepted), /U heeft dit consult geaccepteerd\./);
    await page.message(`Consult ${ref} is geaccepteerd door ${primary.name}`);
    await page.screenshot(page.cards(`Consultaanvraag ${ref}`), '24-anw-status-accepted');
  });
} catch (error) {
  failed = true;
  await reportFailure(error, playground, 'failure-anw-page');
} finally {
  await tearDown({ browser, children, connector, scratch, failed });
}

console.log(run.summary('e2e (ANW night)', failed));
process.exit(failed ? 1 : 0);

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../src/config/zodMessages.js';
import { loadNetwork } from '../../src/config/loadNetwork.js';
import { parseRosterIcs } from '../../src/import/icalendarRoster.js';
import { BotUnderTest, cardText, type TeamsUser } from '../support/botUnderTest.js';

/**
 * Random and malformed input at every door: nothing throws unhandled (the bot's "Er ging iets
 * mis" never appears), nothing is stored, and the user always gets a Dutch answer.
 */

let harness: BotUnderTest;
let gp: TeamsUser;
let els: TeamsUser;
const CRASH_MESSAGE = 'Er ging iets mis';

beforeAll(async () => {
  harness = await BotUnderTest.start();
  gp = harness.user('anna-de-vries');
  els = harness.user('els-vermeulen');
  await Promise.all([gp.install(), els.install()]);
});
afterAll(async () => {
  await harness.stop();
});

const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom('', ' ', '111222333', 'C-0000', '<script>', '${question}', 'thuis', 'spoed', 'fysiek,onzin', '00000000-0000-4000-8000-000000000000', 'x'.repeat(5000),
    // An existing meeting of a team neither user belongs to: every action on it must be refused.
    'topat-dinsdag.2026-11-24', 'kernteam-de-linde', 'smdo-westelijke-mijnstreek', 'els-vermeulen', 'ja'),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
const fieldNames = fc.constantFrom(
  'formId', 'consultId', 'patientInitials', 'patientBirthYear', 'localPatientNumber', 'setting', 'subRegionId', 'form', 'urgency', 'complexity',
  'dimensions', 'question', 'callbackPhone', 'declineReason', 'contactCount', 'contact1Form', 'contact1Minutes', 'contact1Prestatie', 'outcome', 'adviceSummary', 'text', '__proto__',
  'fileId', 'consultRef', 'withdrawReason', 'followUpOf', 'dateOfDeath', 'place', 'notUnexpected',
  'meetingId', 'itemId', 'kernteamId', 'repeat', 'date', 'time', 'durationMinutes', 'location', 'meetingUrl', 'newlyMarked', 'discussed', 'advice',
  'izpUpdate', 'followUpDate', 'action1', 'owner1', 'present', 'minutesPerPatient',
);
const cardData = fc.dictionary(fieldNames, junk, { maxKeys: 12 });
const verbs = fc.constantFrom(
  'consult.submit', 'consult.accept', 'consult.decline', 'consult.withdraw', 'consult.closeForm', 'consult.close', 'consult.refresh', 'consult.relay',
  'consult.draftSummary', 'consult.withdrawAsk', 'consult.followUp', 'consult.prefill', 'outcome.death', 'download.link', 'bestaat.niet',
  'mdo.plan', 'mdo.addItem', 'mdo.fromConsult', 'mdo.join', 'mdo.leave', 'mdo.refresh', 'mdo.acp', 'mdo.removeItem', 'mdo.outcomeForm', 'mdo.outcome',
  'mdo.attendanceForm', 'mdo.attendance',
);
/** Everything a card action could change, so a junk submit that changed something shows up. */
const storedState = async () => JSON.stringify([
  (await harness.bot.store.consults.open()).length,
  (await harness.bot.store.deaths.inRegion('mijnstreek')).length,
  (await harness.bot.store.mdo.series()).length,
  (await harness.bot.store.mdo.meetings()).map((m) => [m.id, m.participants, m.agenda.length, m.attendance ?? null]),
]);

function noCrashMessages(): void {
  for (const user of [gp, els]) expect(user.messages().filter((m) => m.includes(CRASH_MESSAGE))).toEqual([]);
}

describe('bad input changes nothing and is answered in Dutch', () => {
  it('survives random card submits on every verb', async () => {
    await fc.assert(
      fc.asyncProperty(verbs, cardData, fc.constantFrom('gp', 'els'), async (verb, data, who) => {
        const user = who === 'gp' ? gp : els;
        const before = await storedState();
        const card = await user.press(verb, data);
        expect(await storedState()).toEqual(before);
        if (card) expect(cardText(card).length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
    noCrashMessages();
  });

  it('survives random commands and free text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.constantFrom('afronden C-0000', 'audit patiënt x', 'consult extra woorden', 'C-ZZZZ: hallo', 'rooster gaten nu', '\u0000', 'help me', 'acp C-0000', 'acp importeren', 'export tapas ooit', 'statistiek 2026-Q9', 'overlijden', 'mdo', 'mdo M-0000', 'M-ZZZZ: hallo', 'mdo plannen', 'mdo agenderen', 'mdo xyz')), async (text) => {
        const before = gp.calls().length;
        await gp.say(text);
        const reply = gp.calls().slice(before);
        if (text.trim()) expect(reply.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
    expect((await harness.bot.store.consults.open())).toEqual([]);
    noCrashMessages();
  });

  it('answers an activity that is not an activity with an error status, never a crash', async () => {
    for (const body of [{}, { type: 'message' }, { type: 'invoke', name: 'adaptiveCard/action' }, []]) {
      const { status } = await gp.post(body as Record<string, unknown>);
      expect(status).toBeLessThan(500);
    }
  });

  it('refuses an oversized payload at the HTTP layer', async () => {
    const { status } = await gp.post(gp.activity({ type: 'message', text: 'x'.repeat(400 * 1024) }));
    expect(status).toBe(413);
  });
});

describe('corrupt import files', () => {
  const { directory } = loadNetwork('data');
  const ics = readFileSync('test/fixtures/ics/anw-zuid-limburg-outlook.ics', 'utf8');
  const window = { from: Date.parse('2026-11-22T00:00:00Z'), to: Date.parse('2027-11-22T00:00:00Z') };

  it('never throws on a mangled .ics: it imports or says in Dutch what is wrong', () => {
    const lines = ics.split('\r\n');
    const mangled = fc.oneof(
      fc.nat({ max: ics.length }).map((cut) => ics.slice(0, cut)),
      fc.uniqueArray(fc.nat({ max: lines.length - 1 }), { minLength: 1, maxLength: 5 }).map((drop) => lines.filter((_, i) => !drop.includes(i)).join('\r\n')),
      fc.tuple(fc.nat({ max: lines.length - 1 }), fc.string()).map(([at, text]) => lines.map((line, i) => (i === at ? text : line)).join('\r\n')),
      fc.string(),
    );
    fc.assert(
      fc.property(mangled, (text) => {
        const result = parseRosterIcs(text, directory, window);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(problem).toMatch(/[a-z]/);
        }
      }),
      { numRuns: 400 },
    );
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importAcpText } from '../../src/fhir/importAcp.js';
import { BotUnderTest, cardText, cardVerbs, inputDefaults, type TeamsUser } from '../support/botUnderTest.js';

/**
 * MDO-PZ over the real Bot Framework protocol: planning, the meeting card that updates in place
 * for everyone, the agenda, outcomes that reach the requester, reminders, and who may see what.
 * The demo network has a weekly specialist MDO in Westelijke Mijnstreek on Thursday 12:30
 * (Els chairs; Frank and Gea are members) and the generalist kernteam of practice De Linde
 * (Anna chairs; Carla, Daan and Els are members). Bram is in no kernteam.
 */

const SPECIALIST_MDO = 'smdo-westelijke-mijnstreek';
const THURSDAY_MEETING = 'smdo-wm-donderdag.2026-11-26';

let harness: BotUnderTest;
let anna: TeamsUser, bram: TeamsUser, carla: TeamsUser, daan: TeamsUser, els: TeamsUser, frank: TeamsUser, gea: TeamsUser, karin: TeamsUser;

beforeEach(async () => {
  harness = await BotUnderTest.start();
  [anna, bram, carla, daan, els, frank, gea, karin] = [
    'anna-de-vries', 'bram-janssen', 'carla-hermans', 'daan-smeets', 'els-vermeulen', 'frank-geurts', 'gea-lemmens', 'karin-bosch',
  ].map((id) => harness.user(id)) as [TeamsUser, TeamsUser, TeamsUser, TeamsUser, TeamsUser, TeamsUser, TeamsUser, TeamsUser];
  await Promise.all([anna, bram, carla, daan, els, frank, gea, karin].map((user) => user.install()));
});
afterEach(async () => {
  await harness.stop();
});

const meeting = async (id: string) => (await harness.bot.store.mdo.meeting(id))!;
async function auditEntries() {
  const found = [];
  for await (const entry of harness.bot.auditTrail.entries()) found.push(entry);
  return found;
}
const mdoCards = (user: TeamsUser) => user.cards().filter(({ card }) => cardText(card).startsWith('MDO-PZ ·'));
const setClock = (iso: string) => (harness.clock.now = new Date(iso));

/** The user opens the meeting card with "mdo M-…", as they would before pressing anything on it; returns the message holding it. */
async function openMeeting(user: TeamsUser, meetingId: string): Promise<string> {
  await user.say(`mdo ${(await meeting(meetingId)).ref}`);
  return user.lastCard().activityId;
}

/** `mdo agenderen`, the form filled in with `fields`, submitted: returns the card shown instead of the form. */
async function putOnAgenda(user: TeamsUser, kernteamId: string, fields: Record<string, string>) {
  await user.say('mdo agenderen');
  const form = user.lastCard();
  return user.press('mdo.addItem', { ...form.card.actions[0].data, kernteamId, ...fields }, form.activityId);
}

/** The specialist accepts a GP's consult and presses "Bespreken in MDO" on it; returns the filled-in agenda form's answer. */
async function discussConsultInMdo(fields: Record<string, string> = {}) {
  const { consult } = await anna.requestConsult();
  const offer = els.lastCard();
  const accepted = await els.press('consult.accept', { consultId: consult.id }, offer.activityId);
  expect(cardVerbs(accepted)).toContain('mdo.fromConsult');
  const consultCard = await els.press('mdo.fromConsult', { consultId: consult.id }, offer.activityId);
  // The consult card stays, with its buttons; the agenda form comes as a new message below it.
  expect(cardText(consultCard)).toContain('[Afronden]');
  expect(cardText(consultCard)).toContain('[Bellen in Teams]');
  const { card: form, activityId: formActivityId } = els.lastCard();
  expect(cardText(form)).toContain('Patiënt agenderen voor het MDO-PZ');
  // The question and dimensions come filled in from the consult.
  const submit = form.actions[0].data;
  const card = await els.press('mdo.addItem', { ...inputDefaults(form), ...submit, kernteamId: SPECIALIST_MDO, newlyMarked: 'ja', ...fields }, formActivityId);
  return { consult, card, cardActivityId: formActivityId, consultCardId: offer.activityId, itemId: submit.itemId as string };
}

describe('Bespreken in MDO, from an accepted consult to the advice', () => {
  it('puts the patient on the next specialist MDO, invites the requester, and sends the outcome to the requester', async () => {
    const { consult, card, cardActivityId, itemId } = await discussConsultInMdo();
    expect(cardText(card)).toContain(`${consult.request.patientInitials} (${consult.request.patientBirthYear})`);
    expect(cardText(card)).toContain('Anna de Vries is uitgenodigd');
    expect(cardText(card)).toContain('do 26 nov. 12:30 – 13:30');
    const stored = await meeting(THURSDAY_MEETING);
    expect(stored.agenda).toHaveLength(1);
    expect(stored.agenda[0]).toMatchObject({ patientRef: consult.patientRef, consultRef: consult.ref, requesterId: 'anna-de-vries', newlyMarked: true, guests: ['anna-de-vries'] });

    // Anna, outside the team, is invited for her patient and joins.
    const invitation = mdoCards(anna).at(-1)!;
    expect(cardText(invitation.card)).toContain('Els Vermeulen heeft uw patiënt');
    const joined = await anna.press('mdo.join', { meetingId: THURSDAY_MEETING }, invitation.activityId);
    expect(cardText(joined)).toContain('U neemt deel');
    expect(cardText(joined)).not.toContain('U: U ');
    // Els's card changed in place: Anna is now among the participants.
    expect(cardText(els.currentCard(cardActivityId))).toMatch(/Deelnemers \(2\): Els Vermeulen .*, Anna de Vries/);

    // Before the meeting nobody can record an outcome.
    const early = await els.press('mdo.outcomeForm', { meetingId: THURSDAY_MEETING, itemId }, cardActivityId);
    expect(cardText(early)).toContain('Alleen de voorzitter legt uitkomsten vast');

    setClock('2026-11-26T12:40:00+01:00');
    const outcomeForm = await els.press('mdo.outcomeForm', { meetingId: THURSDAY_MEETING, itemId }, cardActivityId);
    expect(cardText(outcomeForm)).toContain('Uitkomst MDO-PZ');
    const advice = 'Start methylfenidaat 5 mg; familiegesprek over de wens om thuis te sterven.';
    const recorded = await els.press(
      'mdo.outcome',
      { meetingId: THURSDAY_MEETING, itemId, discussed: 'ja', advice, action1: 'Familiegesprek plannen', owner1: 'anna-de-vries', izpUpdate: 'ja', followUpDate: '2026-12-10' },
      cardActivityId,
    );
    expect(cardText(recorded)).toContain('vastgelegd en gestuurd naar Anna de Vries');

    // The requester (here also the regiebehandelaar) gets the advice once, with the action she owns.
    const outcomes = anna.cards().filter(({ card }) => cardText(card).startsWith('Advies uit het MDO-PZ'));
    expect(outcomes).toHaveLength(1);
    const outcomeText = cardText(outcomes[0]!.card);
    expect(outcomeText).toContain(advice);
    expect(outcomeText).toContain('Familiegesprek plannen (Anna de Vries)');
    expect(outcomeText).toContain('IZP bijwerken: ja');
    expect(outcomeText).toContain('regiebehandelaar');
  });

  it('logs an MDO contact for each specialist PZ present, per patient discussed, once', async () => {
    const { itemId, cardActivityId } = await discussConsultInMdo();
    setClock('2026-11-26T13:35:00+01:00');
    const mdoFigures = async () => {
      await karin.say('statistiek 2026-11');
      const text = cardText(karin.lastCard().card);
      return ['MDO’s gehouden', 'Patiënten besproken', 'Waarvan nieuw gemarkeerd als palliatief', 'Deelnames van specialisten PZ'].map((label) => new RegExp(`${label}: (\\S+)`).exec(text)?.[1]);
    };
    expect(await mdoFigures()).toEqual(['0', '0', '0', '0']);
    await els.press('mdo.outcome', { meetingId: THURSDAY_MEETING, itemId, discussed: 'ja', advice: 'Palliatieve sedatie bespreken met de familie.' }, cardActivityId);
    await els.press('mdo.attendanceForm', { meetingId: THURSDAY_MEETING }, cardActivityId);
    const present = 'els-vermeulen,gea-lemmens,anna-de-vries';
    await els.press('mdo.attendance', { meetingId: THURSDAY_MEETING, present, minutesPerPatient: '20' }, cardActivityId);
    const again = await els.press('mdo.attendance', { meetingId: THURSDAY_MEETING, present, minutesPerPatient: '20' }, cardActivityId);
    expect(cardText(again)).toContain('al vastgelegd');

    const contacts = await harness.bot.store.contacts.tookPlaceBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    const fromMdo = contacts.filter((c) => c.form === 'mdo');
    expect(fromMdo.map((c) => c.specialistId).sort()).toEqual(['els-vermeulen', 'gea-lemmens']);
    const { ref } = await meeting(THURSDAY_MEETING);
    expect(fromMdo.every((c) => c.minutes === 20 && c.prestatie === '1' && 'source' in c && c.meetingRef === ref)).toBe(true);
    // The coordinator's figures now count the meeting, the patient and two specialist attendances, as small groups.
    // Two specialists' attendances are a figure about those two: suppressed however many.
    expect(await mdoFigures()).toEqual(['<5', '<5', 'verborgen', 'onderdrukt']);

  });

  it('logs a patient discussed after the attendance without logging the earlier ones again, all dated at the meeting', async () => {
    const { itemId, cardActivityId } = await discussConsultInMdo();
    await putOnAgenda(gea, SPECIALIST_MDO, { patientInitials: 'W.V.', patientBirthYear: '1947', question: 'Refractaire pijn ondanks opioïdrotatie.', dimensions: 'fysiek', newlyMarked: 'nee' });
    const secondItem = (await meeting(THURSDAY_MEETING)).agenda[1]!.id;
    setClock('2026-11-26T13:35:00+01:00');
    await els.press('mdo.outcome', { meetingId: THURSDAY_MEETING, itemId, discussed: 'ja', advice: 'Palliatieve sedatie bespreken met de familie.' }, cardActivityId);
    await els.press('mdo.attendance', { meetingId: THURSDAY_MEETING, present: 'els-vermeulen,frank-geurts', minutesPerPatient: '15' }, cardActivityId);
    // The chair records the second patient only in December.
    setClock('2026-12-01T09:00:00+01:00');
    await els.press('mdo.outcome', { meetingId: THURSDAY_MEETING, itemId: secondItem, discussed: 'ja', advice: 'Methadon overwegen, pijnteam consulteren.' }, cardActivityId);

    const logged = (from: string, to: string) => harness.bot.store.contacts.tookPlaceBetween(new Date(from), new Date(to)).then((all) => all.filter((c) => c.form === 'mdo'));
    const november = await logged('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    const december = await logged('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z');
    // Recorded in December, but the discussion took place at the November meeting.
    expect(november.map((c) => 'itemId' in c && c.itemId).sort()).toEqual([itemId, itemId, secondItem, secondItem].sort());
    expect(december).toEqual([]);
  });
});

describe('the MDO card and its participants', () => {
  async function planWeeklyDeLinde() {
    await anna.say('mdo plannen');
    const form = anna.lastCard();
    const answer = await anna.press(
      'mdo.plan',
      { ...form.card.actions[0].data, kernteamId: 'kernteam-de-linde', repeat: '1', date: '2026-11-24', time: '13:00', durationMinutes: '45', location: 'Praktijk De Linde' },
      form.activityId,
    );
    expect(cardText(answer)).toContain('Gepland (elke dinsdag)');
    return 'reeks-' + form.card.actions[0].data.formId + '.2026-11-24';
  }

  it('goes to every member; two members joining at the same moment both end up in the list, and the card updates for everyone', async () => {
    const meetingId = await planWeeklyDeLinde();
    for (const member of [anna, carla, daan, els]) expect(mdoCards(member)).toHaveLength(1);
    expect(mdoCards(bram)).toHaveLength(0);

    const [carlaCard, daanCard] = [mdoCards(carla)[0]!, mdoCards(daan)[0]!];
    await Promise.all([carla.press('mdo.join', { meetingId }, carlaCard.activityId), daan.press('mdo.join', { meetingId }, daanCard.activityId)]);
    expect((await meeting(meetingId)).participants.sort()).toEqual(['anna-de-vries', 'carla-hermans', 'daan-smeets']);
    const annasCard = cardText(anna.currentCard(mdoCards(anna)[0]!.activityId));
    expect(annasCard).toContain('Carla Hermans');
    expect(annasCard).toContain('Daan Smeets');

    const left = await carla.press('mdo.leave', { meetingId }, carlaCard.activityId);
    expect(cardText(left)).toContain('U bent afgemeld');
    expect((await meeting(meetingId)).participants.sort()).toEqual(['anna-de-vries', 'daan-smeets']);
    expect(cardText(daan.currentCard(daanCard.activityId))).not.toContain('Carla Hermans');
  });

  it('shows agenda changes to every member in place', async () => {
    const meetingId = await planWeeklyDeLinde();
    const carlaCard = mdoCards(carla)[0]!;
    const added = await putOnAgenda(carla, 'kernteam-de-linde', {
      patientInitials: 'H.J.', patientBirthYear: '1938', question: 'Nieuw palliatief: wensen en grenzen bespreken.', dimensions: 'fysiek,sociaal', newlyMarked: 'ja',
    });
    expect(cardText(added)).toContain('H.J. (1938) staat op de agenda');
    expect(cardText(carla.currentCard(carlaCard.activityId))).toContain('Nieuw palliatief: wensen en grenzen bespreken.');
    expect(cardText(els.currentCard(mdoCards(els)[0]!.activityId))).toContain('H.J. (1938) · nieuw gemarkeerd');

    const itemId = (await meeting(meetingId)).agenda[0]!.id;
    // Daan did not put the patient on the agenda and is not the chair.
    const refused = await daan.press('mdo.removeItem', { meetingId, itemId }, mdoCards(daan)[0]!.activityId);
    expect(cardText(refused)).toContain('Alleen de voorzitter of wie de patiënt agendeerde');
    await carla.press('mdo.removeItem', { meetingId, itemId }, carlaCard.activityId);
    expect((await meeting(meetingId)).agenda).toEqual([]);
    expect(cardText(els.currentCard(mdoCards(els)[0]!.activityId))).not.toContain('H.J. (1938)');
  });

  it('lists the meetings a user takes part in, and relays a message to the other participants', async () => {
    const meetingId = await planWeeklyDeLinde();
    await daan.press('mdo.join', { meetingId }, mdoCards(daan)[0]!.activityId);
    await anna.say('mdo');
    const listing = anna.messages().at(-1)!;
    const ref = (await meeting(meetingId)).ref;
    expect(listing).toContain(`**${ref}** · di 24 nov. 13:00 – 13:45 · Kernteam Huisartsenpraktijk De Linde · 0 patiënten · u neemt deel`);
    // A weekly series: the next week is listed too.
    expect(listing).toContain('di 1 dec. 13:00');

    await anna.say(`${ref}: ik ben 10 minuten later`);
    expect(daan.messages().at(-1)).toBe(`[${ref}] Anna de Vries: ik ben 10 minuten later`);
    expect(anna.messages().at(-1)).toMatch(/^Uw bericht is doorgestuurd naar \d+ deelnemers? van MDO /);
    expect(anna.messages().join('\n')).not.toMatch(/\((en|s)\)/);
    expect(carla.messages().some((m) => m.includes('10 minuten later'))).toBe(false);
  });
});

describe('who may see and change an MDO', () => {
  it('keeps a non-member off the agenda and out of its items', async () => {
    const { consult } = await discussConsultInMdo();
    const ref = (await meeting(THURSDAY_MEETING)).ref;
    const patient = `${consult.request.patientInitials} (${consult.request.patientBirthYear})`;

    await bram.say('mdo agenderen');
    expect(bram.messages().at(-1)).toContain('U bent geen lid van een kernteam');
    // A forged submit for a team he is not in changes nothing (sent from the help card he has).
    await bram.say('help');
    const forged = await bram.press('mdo.addItem', {
      itemId: '00000000-0000-4000-8000-0000000000b1', consultId: '', kernteamId: SPECIALIST_MDO,
      patientInitials: 'K.L.', patientBirthYear: '1950', question: 'Mag ik hier iemand agenderen?', dimensions: 'fysiek', newlyMarked: 'nee',
    });
    expect(cardText(forged)).toContain('U kunt alleen patiënten agenderen voor een kernteam waarvan u lid bent');
    expect((await meeting(THURSDAY_MEETING)).agenda).toHaveLength(1);

    await bram.say(`mdo ${ref}`);
    expect(bram.messages().at(-1)).toContain('Dit MDO bestaat niet of u neemt er niet aan deel');
    // Pressing buttons of a card he never had (a forged or forwarded card) shows him nothing either.
    const someCard = bram.lastCard().activityId;
    const peek = cardText(await bram.press('mdo.refresh', { meetingId: THURSDAY_MEETING }, someCard));
    const join = cardText(await bram.press('mdo.join', { meetingId: THURSDAY_MEETING }, someCard));
    for (const answer of [peek, join]) {
      expect(answer).toContain('Dit MDO bestaat niet of u neemt er niet aan deel');
      expect(answer).not.toContain(patient);
    }
    expect((await meeting(THURSDAY_MEETING)).participants).not.toContain('bram-janssen');
    await bram.say(`${ref}: hallo`);
    expect(bram.messages().at(-1)).toContain('neemt er niet aan deel');

    await karin.say('mdo');
    expect(karin.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');

    const refusals = (await auditEntries()).filter((e) => e.actorId === 'bram-janssen' && e.result === 'geweigerd');
    expect(refusals.map((e) => e.action)).toEqual(expect.arrayContaining(['mdo.addItem', 'mdo.view', 'mdo.refresh', 'mdo.join', 'mdo.relay']));
  });

  it('shows an invited requester only her own patient', async () => {
    await discussConsultInMdo();
    await putOnAgenda(gea, SPECIALIST_MDO, { patientInitials: 'W.V.', patientBirthYear: '1947', question: 'Refractaire pijn ondanks opioïdrotatie.', dimensions: 'fysiek', newlyMarked: 'nee' });
    expect((await meeting(THURSDAY_MEETING)).agenda).toHaveLength(2);
    const annasView = cardText(await anna.press('mdo.refresh', { meetingId: THURSDAY_MEETING }, mdoCards(anna).at(-1)!.activityId));
    expect(annasView).not.toContain('W.V. (1947)');
    expect(annasView).not.toContain('Refractaire pijn');
    const elsView = cardText(await els.press('mdo.refresh', { meetingId: THURSDAY_MEETING }, await openMeeting(els, THURSDAY_MEETING)));
    expect(elsView).toContain('W.V. (1947)');
  });

  it('lets a participating member open the patient’s ACP, and records it', async () => {
    const { consult } = await discussConsultInMdo();
    const imported = importAcpText(readFileSync('test/fixtures/fhir/QuestionnaireResponse-HendrikHartman-20201001.json', 'utf8'));
    if (!imported.ok) throw new Error('fixture did not import');
    await harness.bot.store.acps.save({ patientRef: consult.patientRef, summary: { ...imported.summary, akkoordMetDelen: 'ja' }, importedAt: harness.clock.read().toISOString(), importedBy: 'anna-de-vries', regiebehandelaarId: 'anna-de-vries', source: 'test' });
    const itemId = (await meeting(THURSDAY_MEETING)).agenda[0]!.id;

    // Gea is a member but has not joined: no ACP for her yet.
    const geasCard = await openMeeting(gea, THURSDAY_MEETING);
    expect(cardVerbs(gea.lastCard().card)).not.toContain('mdo.acp');
    const refused = await gea.press('mdo.acp', { meetingId: THURSDAY_MEETING, itemId }, geasCard);
    expect(cardText(refused)).toContain('Er is geen ACP dat u voor deze patiënt mag inzien');

    const joined = await gea.press('mdo.join', { meetingId: THURSDAY_MEETING }, geasCard);
    expect(cardVerbs(joined)).toContain('mdo.acp');
    await gea.press('mdo.acp', { meetingId: THURSDAY_MEETING, itemId }, geasCard);
    expect(cardText(gea.lastCard().card)).toContain('Behandelgrenzen');
    const views = (await auditEntries()).filter((e) => e.actorId === 'gea-lemmens' && e.action === 'acp.view');
    expect(views.map((e) => [e.result, e.patientRef])).toContainEqual(['toegestaan', consult.patientRef]);
  });
});

describe('reminders', () => {
  it('sends the agenda the day before, the link half an hour before, and chases a missing outcome, each once across a restart', async () => {
    const { itemId, cardActivityId } = await discussConsultInMdo();
    await gea.press('mdo.join', { meetingId: THURSDAY_MEETING }, await openMeeting(gea, THURSDAY_MEETING));
    const agendaReminders = (user: TeamsUser) => mdoCards(user).filter(({ card }) => cardText(card).includes('Herinnering: morgen MDO-PZ')).length;
    const linkReminders = (user: TeamsUser) => user.messages().filter((m) => m.startsWith('Over een half uur begint het MDO-PZ')).length;
    const chases = (user: TeamsUser) => user.messages().filter((m) => m.includes('nog geen uitkomst vastgelegd')).length;

    setClock('2026-11-24T12:00:00+01:00');
    await harness.bot.tick();
    expect(agendaReminders(gea)).toBe(0);

    setClock('2026-11-25T13:00:00+01:00');
    await harness.bot.tick();
    await harness.bot.tick();
    await harness.restart();
    await harness.bot.tick();
    expect([agendaReminders(els), agendaReminders(gea), agendaReminders(frank)]).toEqual([1, 1, 0]);
    expect(cardText(mdoCards(gea).at(-1)!.card)).toContain((await meeting(THURSDAY_MEETING)).agenda[0]!.patientLabel);

    setClock('2026-11-26T12:05:00+01:00');
    await harness.bot.tick();
    await harness.restart();
    await harness.bot.tick();
    expect([linkReminders(els), linkReminders(gea), linkReminders(frank)]).toEqual([1, 1, 0]);
    expect(gea.messages().find((m) => m.startsWith('Over een half uur'))).toContain('https://teams.microsoft.com/l/meetup-join/smdo-westelijke-mijnstreek');

    setClock('2026-11-27T13:00:00+01:00');
    await harness.bot.tick();
    expect(chases(els)).toBe(0);
    setClock('2026-11-27T14:00:00+01:00');
    await harness.bot.tick();
    await harness.restart();
    await harness.bot.tick();
    expect([chases(els), chases(gea)]).toEqual([1, 0]);

    // With the outcome recorded, a later meeting without missing outcomes is not chased.
    await els.press('mdo.outcome', { meetingId: THURSDAY_MEETING, itemId, discussed: 'nee', advice: '' }, cardActivityId);
    setClock('2026-11-30T14:00:00+01:00');
    await harness.bot.tick();
    expect(chases(els)).toBe(1);
  });
});

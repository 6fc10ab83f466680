import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, CONSULT_FORM, cardText, cardVerbs, testStores, type TeamsUser } from '../support/botUnderTest.js';

/**
 * The consult loop over real HTTP: Bot Framework activities are POSTed to /api/messages of the
 * running bot, and everything it sends comes back through the Bot Connector stand-in.
 */

let harness: BotUnderTest;
let gp: TeamsUser;
let els: TeamsUser;
let frank: TeamsUser;
let gea: TeamsUser;

/** What this file's consults ask, over the harness's standard form. */
const validRequest = {
  localPatientNumber: 'HIS-4711',
  urgency: 'spoed',
  dimensions: 'fysiek,psychisch',
  question: 'Toenemende onrust en benauwdheid, palliatieve sedatie overwegen?',
};

/** The GP asks for a consult through the form and gets the status card in its place. */
async function requestConsult(requester: TeamsUser, fields: Record<string, string> = validRequest) {
  const { card, formActivityId, formId } = await requester.submitConsultForm(fields);
  const consult = (await harness.bot.store.consults.open()).find((c) => c.formId === formId)!;
  return { form: { activityId: formActivityId }, status: card, consult };
}

describe.each(testStores())('on the %s store', (store) => {
  beforeEach(async () => {
    harness = await BotUnderTest.start({ store });
    gp = harness.user('anna-de-vries');
    els = harness.user('els-vermeulen');
    frank = harness.user('frank-geurts');
    gea = harness.user('gea-lemmens');
    for (const user of [gp, els, frank, gea]) await user.install();
  });
  afterEach(async () => {
    await harness.stop();
  });

  describe('a GP asks, a specialist PZ answers, the contact is logged', () => {
    it('runs request → offer → decline → next offer → accept → relay both ways → close → contact logged', async () => {
      const { form, status, consult } = await requestConsult(gp);
      expect(cardText(status)).toContain(`Consultaanvraag ${consult.ref}`);
      // Monday 10:00 is office hours: the sub-region's roster has Els on call.
      expect(cardText(status)).toContain('Dienstdoende specialist PZ Westelijke Mijnstreek (kantoortijd) → Els Vermeulen (kaderhuisarts PZ): wacht op antwoord');

      // The on-call specialist gets the offer in her 1:1 chat.
      const offer = els.lastCard();
      expect(cardText(offer.card)).toContain('Dit consult wordt aan u aangeboden.');
      expect(cardText(offer.card)).toContain('Toenemende onrust en benauwdheid');
      expect(cardVerbs(offer.card)).toEqual(['consult.accept', 'consult.decline']);

      // She declines; the backup is offered the consult at once, and her card says what she did.
      const afterDecline = await els.press('consult.decline', { consultId: consult.id, declineReason: 'In een bedside consult tot 12:00' }, offer.activityId);
      expect(cardText(afterDecline)).toContain('U heeft dit consult geweigerd.');
      expect(cardVerbs(afterDecline)).toEqual([]);
      expect(cardText(gea.lastCard().card)).toContain('Dit consult wordt aan u aangeboden.');
      expect(frank.cards()).toHaveLength(0);
      const gpStatus = cardText(gp.currentCard(form.activityId));
      expect(gpStatus).toContain('Els Vermeulen (kaderhuisarts PZ): geweigerd (“In een bedside consult tot 12:00”)');
      expect(gpStatus).toContain('Achterwacht Westelijke Mijnstreek (kantoortijd) → Gea Lemmens (kader specialist ouderengeneeskunde PZ): wacht op antwoord');

      // Gea accepts. The GP's card shows who has it, with a phone number and a call button.
      harness.clock.advanceMinutes(3);
      const accepted = await gea.press('consult.accept', { consultId: consult.id }, gea.lastCard().activityId);
      expect(cardText(accepted)).toContain('U heeft dit consult geaccepteerd.');
      // Gea is in the specialist MDO team of her sub-region, so she may also put the patient on its agenda.
      expect(cardVerbs(accepted)).toEqual(['consult.closeForm', 'mdo.fromConsult']);
      const gpCard = gp.currentCard(form.activityId);
      expect(cardText(gpCard)).toContain('Geaccepteerd door Gea Lemmens (kader specialist ouderengeneeskunde PZ)');
      expect(cardText(gpCard)).toContain('Telefoon: 06 1000 0503');
      expect(JSON.stringify(gpCard)).toContain('https://teams.microsoft.com/l/call/0/0?users=gea.lemmens%40debron.example');
      expect(gp.messages().at(-1)).toContain(`Consult ${consult.ref} is geaccepteerd door Gea Lemmens`);

      // Messages are relayed both ways, tagged with the consult's reference.
      await gea.say('Hoeveel midazolam heeft zij nu?');
      expect(gp.messages().at(-1)).toBe(`[${consult.ref}] Gea Lemmens: Hoeveel midazolam heeft zij nu?`);
      await gp.say('15 mg per 24 uur via de pomp.');
      expect(gea.messages().at(-1)).toBe(`[${consult.ref}] Anna de Vries: 15 mg per 24 uur via de pomp.`);

      // Gea closes with two contacts; the prestatie follows from the form unless he picks one.
      const closeForm = await gea.press('consult.closeForm', { consultId: consult.id });
      expect(cardText(closeForm)).toContain(`Consult ${consult.ref} afronden`);
      const twoContacts = await gea.press('consult.closeForm', { consultId: consult.id, contactCount: '2', contact1Form: 'telefonisch', contact1Minutes: '20' });
      expect(cardText(twoContacts)).toContain('Contact 2');
      harness.clock.advanceMinutes(60);
      const closed = await gea.closeConsult(consult.id, {
        contactCount: '2',
        contact1Form: 'telefonisch',
        contact1Minutes: '20',
        contact2Form: 'bedside',
        contact2Minutes: '45',
        outcome: 'advies',
        adviceSummary: 'Midazolam ophogen naar 30 mg/24 uur; morgen evalueren.',
      });
      expect(cardText(closed)).toContain('U heeft dit consult afgerond.');
      expect(gp.messages().at(-1)).toContain('Advies: Midazolam ophogen naar 30 mg/24 uur; morgen evalueren.');
      expect(cardText(gp.currentCard(form.activityId))).toContain('Uitkomst: Advies gegeven');

      const contacts = await harness.bot.store.contacts.tookPlaceBetween(new Date('2026-11-01'), new Date('2026-12-01'));
      expect(contacts).toHaveLength(2);
      expect(contacts.map((c) => [c.form, c.minutes, c.prestatie])).toEqual([
        ['telefonisch', 20, '2a'],
        ['bedside', 45, '2b'],
      ]);
      expect(contacts[0]).toMatchObject({
        consultRef: consult.ref,
        specialistId: 'gea-lemmens',
        specialistOrganisationId: 'vph-de-bron',
        requesterId: 'anna-de-vries',
        requesterDiscipline: 'huisarts',
        regionId: 'mijnstreek',
        subRegionId: 'westelijke-mijnstreek',
        period: 'office',
        escalations: 1,
        localPatientNumber: 'HIS-4711',
        outcome: 'advies',
        requestedAt: '2026-11-23T09:00:00.000Z',
        acceptedAt: '2026-11-23T09:03:00.000Z',
      });
      expect(contacts[0]!.patientRef).toMatch(/^P-[0-9A-Z]{10}$/);
      expect(JSON.stringify(contacts)).not.toContain('J.A.');
    });

    it('keeps earlier offers open when the wait runs out, and gives one winner when two accept at the same moment', async () => {
      const { consult } = await requestConsult(gp);
      harness.clock.advanceMinutes(5);
      expect(await harness.bot.consults.escalateDue()).toBe(1);
      expect(cardText(gea.lastCard().card)).toContain('Dit consult wordt aan u aangeboden.');
      const [elsCard, geaCard] = await Promise.all([
        els.press('consult.accept', { consultId: consult.id }),
        gea.press('consult.accept', { consultId: consult.id }),
      ]);
      const stored = await harness.bot.store.consults.get(consult.id);
      const winner = stored!.acceptedBy === 'els-vermeulen' ? elsCard : geaCard;
      const loser = stored!.acceptedBy === 'els-vermeulen' ? geaCard : elsCard;
      expect(['els-vermeulen', 'gea-lemmens']).toContain(stored!.acceptedBy);
      expect(cardText(winner)).toContain('U heeft dit consult geaccepteerd.');
      expect(cardText(loser)).toMatch(/al geaccepteerd door (Els Vermeulen|Gea Lemmens)/);
      expect(stored!.offers.filter((o) => o.outcome === 'geaccepteerd')).toHaveLength(1);
    });

    it('gives an invalid form back with each problem marked in Dutch, and stores nothing', async () => {
      const { status } = await requestConsult(gp, { ...validRequest, patientBirthYear: '3000', dimensions: '', question: 'kort', callbackPhone: 'geen' });
      const text = cardText(status);
      expect(text).toContain('Controleer de gemarkeerde velden. Er is nog niets verstuurd.');
      expect(text).toContain('Het geboortejaar ligt in de toekomst.');
      expect(text).toContain('Kies minstens één dimensie.');
      expect(text).toContain('Beschrijf de vraag in minstens 10 tekens.');
      expect(text).toContain('Vul een terugbelnummer in');
      // What was typed stays in the form.
      expect(JSON.stringify(status)).toContain('"value":"J.A."');
      expect((await harness.bot.store.consults.open())).toHaveLength(0);
      expect(els.cards()).toHaveLength(0);
    });

    it('refuses a BSN on the form', async () => {
      const { status } = await requestConsult(gp, { ...validRequest, localPatientNumber: '111222333' });
      expect(cardText(status)).toContain('Vul geen BSN in');
      expect((await harness.bot.store.consults.open())).toHaveLength(0);
    });

    it('changes nothing when a card action is replayed', async () => {
      const { consult } = await requestConsult(gp);
      const offer = els.lastCard();
      await els.press('consult.accept', { consultId: consult.id }, offer.activityId);
      const before = await harness.bot.store.consults.get(consult.id);
      const messagesBefore = [gp.messages().length, els.messages().length];

      const replay = await els.press('consult.accept', { consultId: consult.id }, offer.activityId);
      expect(cardText(replay)).toContain(`U heeft consult ${consult.ref} al geaccepteerd.`);
      expect(await harness.bot.store.consults.get(consult.id)).toEqual(before);
      // Nobody is told anything twice.
      expect([gp.messages().length, els.messages().length]).toEqual(messagesBefore);
    });

    it('makes one consult when the submit button is pressed twice', async () => {
      await gp.say('consult');
      const form = gp.lastCard();
      const data = { ...form.card.actions[0].data, ...CONSULT_FORM, ...validRequest };
      await Promise.all([gp.press('consult.submit', data, form.activityId), gp.press('consult.submit', data, form.activityId)]);
      expect((await harness.bot.store.consults.open())).toHaveLength(1);
      expect(els.cards()).toHaveLength(1);
    });

    it('refuses a card action carrying another consult or coming from someone not addressed', async () => {
      const { consult } = await requestConsult(gp);
      const refused = await gea.press('consult.accept', { consultId: consult.id });
      expect(cardText(refused)).toContain('niet (meer) geldig');
      const forged = await els.press('consult.accept', { consultId: '00000000-0000-4000-8000-000000000000' });
      expect(cardText(forged)).toContain('niet (meer) geldig');
      const malformed = await els.press('consult.accept', { consultId: 42 });
      expect(cardText(malformed)).toContain('niet (meer) geldig');
      expect((await harness.bot.store.consults.get(consult.id))!.status).toBe('aangeboden');
    });
  });
});

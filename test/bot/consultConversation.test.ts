import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, inputDefaults, type TeamsUser } from '../support/botUnderTest.js';

let harness: BotUnderTest;
afterEach(async () => {
  await harness?.stop();
});

/**
 * Anna (GP) asks a spoed consult; Monday 10:00 it goes to Els first and after her 5 minutes also
 * to Gea (Els's offer stays open), then to Frank; all have the bot installed.
 */
async function waitingRequest(fields: Record<string, string> = {}) {
  harness = await BotUnderTest.start();
  const [gp, els, gea, frank] = ['anna-de-vries', 'els-vermeulen', 'gea-lemmens', 'frank-geurts'].map((id) => harness.user(id)) as [TeamsUser, TeamsUser, TeamsUser, TeamsUser];
  for (const user of [gp, els, gea, frank]) await user.install();
  const { consult, cardActivityId } = await gp.requestConsult({ urgency: 'spoed', ...fields });
  return { gp, els, gea, frank, consult, statusCardId: cardActivityId };
}

async function offeredToTwo() {
  const request = await waitingRequest();
  harness.clock.advanceMinutes(5);
  await harness.bot.consults.escalateDue();
  return request;
}

const offerCard = (specialist: TeamsUser) => {
  const offer = specialist.cards().find((c) => cardText(c.card).includes('Consultaanbod'))!;
  return specialist.currentCard(offer.activityId);
};

describe('adding information to a waiting request', () => {
  it('sends an "Aanvulling" to every specialist deciding on the request and shows it on their offer card', async () => {
    const { gp, els, gea, consult } = await offeredToTwo();
    await gp.say('Aanvulling: patiënt is sinds vanmiddag niet meer aanspreekbaar');

    expect(gp.messages().at(-1)).toBe(`Uw aanvulling is toegevoegd aan consult ${consult.ref} en doorgestuurd naar de 2 specialisten PZ die erover beslissen.`);
    for (const specialist of [els, gea]) {
      expect(specialist.messages().at(-1)).toBe(`[${consult.ref}] Aanvulling van Anna de Vries op de aanvraag: patiënt is sinds vanmiddag niet meer aanspreekbaar`);
      expect(cardText(offerCard(specialist))).toContain('Aanvullingen van de aanvrager');
      expect(cardText(offerCard(specialist))).toContain('patiënt is sinds vanmiddag niet meer aanspreekbaar');
    }
  });

  it('takes an addition with the reference in front, and one delivered twice only once', async () => {
    const { gp, els, consult } = await waitingRequest();
    const activity = gp.activity({ type: 'message', text: `${consult.ref}: ook misselijk sinds gisteren` });
    await gp.post(activity);
    await gp.post(activity);
    expect(els.messages().filter((m) => m.includes('ook misselijk'))).toHaveLength(1);
    expect((await harness.bot.store.consults.get(consult.id))!.supplements!.map((s) => s.text)).toEqual(['ook misselijk sinds gisteren']);
  });

  it('shows the addition to a specialist the request is offered to later', async () => {
    const { gp, els, gea, frank, consult } = await waitingRequest();
    await gp.say('Aanvulling: familie wil thuis blijven');
    expect(gp.messages().at(-1)).toBe(`Uw aanvulling is toegevoegd aan consult ${consult.ref} en doorgestuurd naar de specialist PZ die erover beslist.`);
    await els.press('consult.decline', { consultId: consult.id, declineReason: 'in bedside consult' }, els.cards().at(-1)!.activityId);
    expect(cardText(gea.lastCard().card)).toContain('familie wil thuis blijven');
    await gea.press('consult.decline', { consultId: consult.id, declineReason: 'op huisbezoek' }, gea.cards().at(-1)!.activityId);
    expect(cardText(frank.lastCard().card)).toContain('familie wil thuis blijven');
  });

  it('adds nothing for "Aanvulling:" without text, and says how', async () => {
    const { gp, els, consult } = await waitingRequest();
    await gp.say('Aanvulling:');
    expect(gp.messages().at(-1)).toBe(`Schrijf uw aanvulling erachter, bijvoorbeeld: Aanvulling: sinds vanochtend niet meer aanspreekbaar. Er is niets toegevoegd aan consult ${consult.ref}.`);
    expect(els.messages().some((m) => m.includes('Aanvulling van'))).toBe(false);
    expect((await harness.bot.store.consults.get(consult.id))!.supplements).toBeUndefined();
  });

  it('refuses an addition once the consult is accepted, as the message goes into the conversation instead', async () => {
    const { gp, els, consult } = await waitingRequest();
    await els.press('consult.accept', { consultId: consult.id }, els.cards().at(-1)!.activityId);
    await gp.say(`${consult.ref}: nog een detail`);
    expect(els.messages().at(-1)).toBe(`[${consult.ref}] Anna de Vries: nog een detail`);
  });
});

const CLOSE = { contact1Form: 'telefonisch', contact1Minutes: '15', outcome: 'advies', adviceSummary: 'Start methadon 2 dd 2,5 mg, evalueer over 3 dagen.' };

/** Anna's consult, answered and closed by `specialistId` (Els is on call; Frank only gets it after Els and Gea let it pass). */
async function closedConsult(specialistId = 'els-vermeulen') {
  const { gp, els, gea, frank, consult, statusCardId } = await waitingRequest();
  if (specialistId === 'frank-geurts') {
    for (let step = 0; step < 2; step++) {
      harness.clock.advanceMinutes(5);
      await harness.bot.consults.escalateDue();
    }
  }
  const specialist = harness.user(specialistId);
  await specialist.press('consult.accept', { consultId: consult.id }, specialist.cards().at(-1)!.activityId);
  harness.clock.advanceMinutes(30);
  await specialist.closeConsult(consult.id, CLOSE);
  return { gp, els, gea, frank, specialist, first: (await harness.bot.store.consults.get(consult.id))!, statusCardId };
}

/** Submits the follow-up form the GP was just shown, as it stands. */
async function submitShownForm(gp: TeamsUser) {
  const form = gp.lastCard();
  const card = await gp.press('consult.submit', { ...inputDefaults(form.card), ...form.card.actions[0].data }, form.activityId);
  const ref = /C-[0-9A-Z]{4}/.exec(cardText(card))![0];
  return (await harness.bot.store.consults.byRef(ref))!;
}

describe('a follow-up question after the close', () => {
  it('opens a follow-up form from "C-XXXX: …", offers it to the same specialist first, and links both in the contact log', async () => {
    const { gp, els, first } = await closedConsult();
    await gp.say(`${first.ref}: Nog een vraag: mag de methadon omhoog?`);
    const form = gp.lastCard().card;
    expect(cardText(form)).toContain(`Vervolgvraag bij consult ${first.ref}`);
    expect(inputDefaults(form)).toMatchObject({ patientInitials: 'J.A.', patientBirthYear: '1942', question: 'Nog een vraag: mag de methadon omhoog?' });

    const followUp = await submitShownForm(gp);
    expect(followUp.followUpOf).toEqual({ consultId: first.id, ref: first.ref });
    expect(followUp.plan[0]).toMatchObject({ label: 'Specialist PZ van het vorige consult', personIds: ['els-vermeulen'] });
    const offer = cardText(els.lastCard().card);
    expect(offer).toContain(`Vervolgvraag bij consult ${first.ref}`);
    expect(offer).toContain('Aangeboden als: Specialist PZ van het vorige consult');

    await els.press('consult.accept', { consultId: followUp.id }, els.lastCard().activityId);
    harness.clock.advanceMinutes(10);
    await els.closeConsult(followUp.id, CLOSE);
    const contacts = await harness.bot.store.contacts.tookPlaceBetween(new Date('2026-11-01'), new Date('2026-12-01'));
    expect(contacts.find((c) => 'consultRef' in c && c.consultRef === followUp.ref)).toMatchObject({ followUpOfConsultId: first.id, followUpOfRef: first.ref });
  });

  it('opens the follow-up form from the Vervolgvraag button and leaves the closed card with its advice in place', async () => {
    const { gp, first, statusCardId } = await closedConsult();
    const closedCard = gp.currentCard(statusCardId);
    expect(cardText(closedCard)).toContain('[Vervolgvraag]');
    const shown = await gp.press('consult.followUp', { consultId: first.id }, statusCardId);
    expect(cardText(shown)).toContain('Advies: Start methadon 2 dd 2,5 mg');
    expect(cardText(shown)).toContain('Het formulier voor uw vervolgvraag staat hieronder.');
    expect(cardText(gp.lastCard().card)).toContain(`Vervolgvraag bij consult ${first.ref}`);
  });

  it('routes the follow-up as usual when the first specialist is not on duty', async () => {
    const { gp, first } = await closedConsult('frank-geurts');
    await gp.press('consult.followUp', { consultId: first.id });
    const followUp = await submitShownForm(gp);
    expect(followUp.plan[0]!.label).not.toBe('Specialist PZ van het vorige consult');
    expect(followUp.offers[0]!.personId).toBe('els-vermeulen');
  });

  it('refuses a follow-up form for someone else’s consult', async () => {
    const { first } = await closedConsult();
    const bram = harness.user('bram-janssen');
    await bram.install();
    await bram.say(`${first.ref}: mag ik ook iets vragen?`);
    expect(bram.cards()).toHaveLength(0);
  });
});

describe('history', () => {
  it('lists open consults and those closed in the last 90 days with their advice, and no older ones', async () => {
    const { gp, els, first } = await closedConsult();
    const { consult: open } = await gp.requestConsult({ patientInitials: 'K.L.', question: 'Obstipatie bij morfine?' });
    await gp.say('consulten');
    const listing = gp.messages().at(-1)!;
    expect(listing).toContain(`**Lopend**\n\n- **${open.ref}** · K.L. (1942) · Aangeboden · aangevraagd op 23 november 2026, 10:30`);
    expect(listing).toContain(`**Afgerond in de afgelopen 90 dagen**\n\n- **${first.ref}** · J.A. (1942) · Afgerond op 23 november 2026, 10:30 · Advies: Start methadon 2 dd 2,5 mg, evalueer over 3 dagen.`);
    await els.say('consulten');
    expect(els.messages().at(-1)).toContain(first.ref);

    harness.clock.advanceMinutes(91 * 24 * 60);
    await gp.say('consulten');
    expect(gp.messages().at(-1)).not.toContain(first.ref);
  });

  it('lists a finished consult, with its advice, only for its requester and the specialist who held it', async () => {
    const { gea, els, consult } = await offeredToTwo();
    await gea.press('consult.decline', { consultId: consult.id, declineReason: 'op huisbezoek' }, gea.cards().at(-1)!.activityId);
    await els.press('consult.accept', { consultId: consult.id }, els.cards().at(-1)!.activityId);
    harness.clock.advanceMinutes(20);
    await els.closeConsult(consult.id, CLOSE);
    await gea.say('consulten');
    expect(gea.messages().at(-1)).not.toContain(consult.ref);
    expect(gea.messages().at(-1)).not.toContain('methadon');
  });

  it('shows any consult the person took part in with "consult C-XXXX", and refuses it to others', async () => {
    const { gp, els, first } = await closedConsult();
    await els.say(`consult ${first.ref}`);
    expect(cardText(els.lastCard().card)).toContain('U heeft dit consult afgerond.');
    await gp.say(`consult ${first.ref.toLowerCase()}`);
    expect(cardText(gp.lastCard().card)).toContain('Advies: Start methadon');
    const bram = harness.user('bram-janssen');
    await bram.say(`consult ${first.ref}`);
    expect(bram.messages().at(-1)).toBe(`U heeft geen consult ${first.ref} waaraan u deelnam. Typ "consulten" voor uw consulten.`);
    expect(bram.cards()).toHaveLength(0);
  });

  it('tells a GP who asks a question after the close how to ask a follow-up, instead of "unknown command"', async () => {
    const { gp, first } = await closedConsult();
    await gp.say('Nog een vraag over de dosering');
    expect(gp.messages().at(-1)).toBe(`U heeft geen lopend consult voor dit bericht. Is het een vervolgvraag bij consult ${first.ref}? Stuur dan "${first.ref}: Nog een vraag over de dosering" of kies Vervolgvraag op de kaart van dat consult.`);
  });
});

/** The path of card element types down to the input with this id, e.g. ['Container', 'ColumnSet', 'Column', 'Input.Number']. */
function pathTo(card: any, id: string): string[] | undefined {
  const visit = (node: any, path: string[]): string[] | undefined => {
    if (Array.isArray(node)) {
      for (const child of node) {
        const found = visit(child, path);
        if (found) return found;
      }
      return undefined;
    }
    if (typeof node !== 'object' || node === null) return undefined;
    const here = typeof node.type === 'string' ? [...path, node.type] : path;
    if (node.id === id) return here;
    for (const value of Object.values(node)) {
      const found = visit(value, here);
      if (found) return found;
    }
    return undefined;
  };
  return visit(card.body, []);
}

describe('the close form and the closed card', () => {
  async function inConversationWithMessages() {
    const { gp, els, consult, statusCardId } = await waitingRequest();
    await els.press('consult.accept', { consultId: consult.id }, els.cards().at(-1)!.activityId);
    await gp.say('Hij slaapt veel en eet niet meer.');
    await els.say('Dank u, ik bel u over tien minuten.');
    harness.clock.advanceMinutes(45);
    return { gp, els, consult, statusCardId };
  }

  it('starts with empty, required minutes, explains TAPA$ in full and folds the conversation away', async () => {
    const { els, consult } = await inConversationWithMessages();
    const form = await els.press('consult.closeForm', { consultId: consult.id, contactCount: '1' });
    const minutes = pathTo(form, 'contact1Minutes');
    expect(minutes).toBeDefined();
    const minutesInput = JSON.stringify(form).match(/\{[^{}]*"id":"contact1Minutes"[^{}]*\}/)![0];
    expect(minutesInput).not.toContain('"value"');
    expect(minutesInput).toContain('"isRequired":true');

    const text = cardText(form);
    expect(text).toContain('TAPA$-prestatie per vorm: Telefonisch → 2a Telefonisch; Bedside → 2b Bedside;');
    expect(text).toContain('zonder prestatie komt het contact niet in het kassiersbestand.');
    // The prestatie has a row of its own, so its explanation is never cut off in a narrow column.
    expect(pathTo(form, 'contact1Prestatie')).not.toContain('Column');
    expect(JSON.stringify(form)).toContain('"label":"TAPA$-prestatie (leeg: volgt uit de vorm, zie de uitleg hierboven)"');

    const toggle = JSON.stringify(form).match(/\{[^{}]*"Action.ToggleVisibility"[^{}]*\}/)![0];
    expect(toggle).toContain('Gesprek tonen of verbergen (2 berichten)');
    expect(toggle).toContain('"targetElements":["conversation"]');
    expect(pathTo(form, 'conversation')).toEqual(['Container']);
    expect(JSON.stringify(form)).toMatch(/"id":"conversation","isVisible":false/);
    expect(text).toContain('Anna de Vries: Hij slaapt veel en eet niet meer.');
    expect(text).toContain('Els Vermeulen: Dank u, ik bel u over tien minuten.');

    const withoutMinutes = await els.press('consult.close', { ...inputDefaults(form), consultId: consult.id, contactCount: '1', outcome: 'advies', adviceSummary: 'Mondzorg en rust.' });
    expect(cardText(withoutMinutes)).toContain('Vul de duur in minuten in.');
    expect((await harness.bot.store.consults.get(consult.id))!.status).toBe('geaccepteerd');
  });

  it('lists on the closed card each contact registered, with date, form, minutes and prestatie, and the advice', async () => {
    const { gp, els, consult, statusCardId } = await inConversationWithMessages();
    const closed = await els.closeConsult(consult.id, {
      contactCount: '2',
      contact1Form: 'telefonisch', contact1Minutes: '20', contact1Date: '2026-11-23', contact1Time: '10:05',
      contact2Form: 'digitaal', contact2Minutes: '1', contact2Prestatie: 'geen', contact2Date: '2026-11-23', contact2Time: '10:40',
      outcome: 'advies', adviceSummary: 'Mondzorg, morfine zo nodig; bel bij onrust.',
    });
    for (const card of [closed, gp.currentCard(statusCardId)]) {
      const text = cardText(card);
      expect(text).toContain('Advies: Mondzorg, morfine zo nodig; bel bij onrust.');
      expect(text).toContain('Geregistreerde contacten (2)');
      expect(text).toContain('23 november 2026, 10:05 · Telefonisch · 20 minuten · prestatie 2a Telefonisch');
      expect(text).toContain('23 november 2026, 10:40 · Digitaal · 1 minuut · geen TAPA$-prestatie');
    }
  });
});


describe('forms', () => {
  it('shows placeholders that cannot pass for answers, and pre-fills the requester’s own phone as the callback number', async () => {
    harness = await BotUnderTest.start();
    const gp = harness.user('anna-de-vries');
    await gp.say('consult');
    const form = gp.lastCard().card;
    const placeholders = JSON.stringify(form).match(/"placeholder":"[^"]*"/g)!;
    expect(placeholders).toEqual(expect.arrayContaining(['"placeholder":"bijv. J.A."', '"placeholder":"bijv. 1942"']));
    for (const placeholder of placeholders) expect(placeholder).toMatch(/"placeholder":"bijv\. /);
    expect(inputDefaults(form).callbackPhone).toBe('046 411 0101');
    expect(inputDefaults(form).patientInitials).toBe('');
  });

  it('answers a question over the limit with its length and the limit, instead of cutting it off', async () => {
    harness = await BotUnderTest.start();
    const gp = harness.user('anna-de-vries');
    const { card } = await gp.submitConsultForm({ question: 'Pijn. '.repeat(719) });
    expect(cardText(card)).toContain('Uw vraag is 4.313 tekens lang; het maximum is 2.000. Kort de tekst in; er is niets opgeslagen.');
    expect(JSON.stringify(card)).toContain('"label":"Uw vraag (hoogstens 2.000 tekens)"');
    expect(JSON.stringify(card)).not.toMatch(/"id":"question"[^}]*"maxLength"/);
    expect(await harness.bot.store.consults.open()).toEqual([]);
  });

  it('answers an advice summary over the limit with its length and the limit', async () => {
    const { els, consult } = await waitingRequest();
    await els.press('consult.accept', { consultId: consult.id }, els.cards().at(-1)!.activityId);
    harness.clock.advanceMinutes(20);
    const card = await els.closeConsult(consult.id, { contact1Minutes: '15', outcome: 'advies', adviceSummary: 'a'.repeat(1500) });
    expect(cardText(card)).toContain('De samenvatting is 1.500 tekens lang; het maximum is 1.000.');
    expect((await harness.bot.store.consults.get(consult.id))!.status).toBe('geaccepteerd');
  });
});

describe('wording', () => {
  it('says when a consult was accepted as "op 23 november om 10:00", and shows the decliner that they declined', async () => {
    const { gp, els, gea, consult, statusCardId } = await offeredToTwo();
    const declined = await gea.press('consult.decline', { consultId: consult.id, declineReason: 'op huisbezoek' }, gea.cards().at(-1)!.activityId);
    expect(cardText(declined)).toContain('Status: Door u geweigerd');
    expect(cardText(declined)).not.toContain('Status: Aangeboden');
    harness.clock.advanceMinutes(2);
    await els.press('consult.accept', { consultId: consult.id }, els.cards().at(-1)!.activityId);
    expect(cardText(gp.currentCard(statusCardId))).toContain('Geaccepteerd door Els Vermeulen (kaderhuisarts PZ) op 23 november om 10:07');
    expect(cardText(gp.currentCard(statusCardId))).toMatch(/23 november 2026, 10:0\d: /);
  });
});

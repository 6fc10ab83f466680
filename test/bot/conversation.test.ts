import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, inputDefaults, type TeamsUser } from '../support/botUnderTest.js';

let harness: BotUnderTest;
beforeEach(async () => {
  harness = await BotUnderTest.start();
});
afterEach(async () => {
  await harness.stop();
});

const request = (overrides: Record<string, string> = {}) => ({
  patientInitials: 'H.H.',
  patientBirthYear: '1938',
  setting: 'verpleeghuis',
  subRegionId: 'westelijke-mijnstreek',
  form: 'bedside',
  urgency: 'vandaag',
  complexity: 'hoog',
  dimensions: 'fysiek,spiritueel',
  question: 'Pijn ondanks oxycodon, rotatie naar methadon zinvol?',
  callbackPhone: '045 560 0404',
  ...overrides,
});

async function submit(user: TeamsUser, fields = request()) {
  const { consult, card, cardActivityId } = await user.requestConsult(fields);
  return { form: { activityId: cardActivityId }, card, consult };
}

describe('reaching specialists', () => {
  it('skips a specialist the bot cannot reach yet and offers the next at once; the coordinator hears who, the requester does not', async () => {
    const gp = harness.user('anna-de-vries');
    const frank = harness.user('frank-geurts');
    const karin = harness.user('karin-bosch');
    await Promise.all([gp.install(), frank.install(), karin.install()]);
    const { card, consult } = await submit(gp);

    expect(karin.messages().join('\n')).toContain(`Consult ${consult.ref} (vandaag): Els Vermeulen en Gea Lemmens zijn niet bereikbaar via de chat`);
    expect(gp.messages().join('\n')).not.toMatch(/Els Vermeulen|Gea Lemmens|overgeslagen/);
    expect(cardText(card)).not.toMatch(/Els Vermeulen|Gea Lemmens|overgeslagen/);
    expect(consult.offers.filter((o) => o.outcome === 'overgeslagen').map((o) => o.personId)).toEqual(['els-vermeulen', 'gea-lemmens']);
    expect(cardText(frank.lastCard().card)).toContain('Dit consult wordt aan u aangeboden.');
  });

  it('keeps the request open when nobody can be reached: the requester is told once, with the fallback number, and the coordinator is alerted', async () => {
    const gp = harness.user('anna-de-vries');
    const karin = harness.user('karin-bosch');
    await Promise.all([gp.install(), karin.install()]);
    const { card, consult } = await submit(gp);
    expect(consult.status).toBe('aangeboden');
    expect(consult.exhaustedAt).toBeDefined();
    expect((await harness.bot.store.consults.open()).map((c) => c.id)).toEqual([consult.id]);
    const told = 'Er is nu geen specialist PZ via de chat te bereiken; de netwerkcoördinator is ingelicht. Bel het regionale consultatieteam palliatieve zorg Mijnstreek: 046 400 9000 (24/7).';
    expect(cardText(card)).toContain(`Wat nu: Nog niemand heeft het aangenomen. ${told}`);
    expect(cardText(card)).not.toContain('opnieuw aangeboden');
    expect(gp.messages().filter((text) => text.includes('046 400 9000'))).toEqual([`Consult ${consult.ref}: nog niemand heeft het aangenomen. ${told}`]);
    expect(karin.messages().filter((text) => text.startsWith(`Let op, consult ${consult.ref}`))).toHaveLength(1);
  });

  it('reaches a specialist who installed the bot but never wrote to it', async () => {
    const gp = harness.user('bram-janssen');
    const hanna = harness.user('hanna-peters');
    await Promise.all([gp.install(), hanna.install()]);
    await submit(gp, request({ subRegionId: 'oostelijk-zuid-limburg' }));
    expect(cardText(hanna.lastCard().card)).toContain('Aanvrager: Bram Janssen (huisarts)');
  });
});

describe('who may do what', () => {
  it('shows each role only what it may do', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    const karin = harness.user('karin-bosch');
    for (const user of [gp, els, karin]) await user.say('hulp');
    expect(cardText(gp.lastCard().card)).toContain('consult: Een consult aanvragen');
    expect(cardText(gp.lastCard().card)).not.toContain('afronden');
    expect(cardText(els.lastCard().card)).toContain('afronden C-XXXX');
    expect(cardText(karin.lastCard().card)).toContain('netwerkcoördinator');
    expect(cardText(karin.lastCard().card)).not.toContain('consult: Een consult aanvragen');
  });

  it('refuses a consult form to a coordinator', async () => {
    const karin = harness.user('karin-bosch');
    await karin.say('consult');
    expect(karin.messages().at(-1)).toBe('Dit mag u in uw rol niet doen.');
    expect(karin.cards()).toHaveLength(0);
  });

  it('tells someone outside the network that they are not known, and remembers nothing of them', async () => {
    const stranger = harness.stranger();
    await stranger.say('consult');
    expect(stranger.messages().at(-1)).toContain('U bent (nog) niet bekend in het palliatieve netwerk');
    expect((await harness.bot.store.channelAddresses.get('stranger'))).toBeUndefined();
  });

  it('gives someone outside the network who installs the bot every region’s 24/7 number for an urgent patient', async () => {
    const stranger = harness.stranger();
    await stranger.install();
    expect(stranger.messages().at(-1)).toBe(
      'U bent (nog) niet bekend in het palliatieve netwerk. Vraag uw netwerkcoördinator om u toe te voegen; daarna kunt u de bot gebruiken. ' +
        'Een dringende vraag over een patiënt? Bel het regionale consultatieteam palliatieve zorg Drenthe & Steenwijkerland: 0592 40 0900 (24/7). ' +
        'Bel het consultatieteam palliatieve zorg Maastricht-Heuvelland: 043 400 9000 (24/7). ' +
        'Bel het regionale consultatieteam palliatieve zorg Mijnstreek: 046 400 9000 (24/7).',
    );
  });

  it('welcomes nobody by name in a team channel it is added to', async () => {
    const gp = harness.user('anna-de-vries');
    const channel = { id: '19:kernteam@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-demo' };
    await gp.post(gp.activity({ type: 'conversationUpdate', membersAdded: [{ id: '28:pz-consultbot' }], conversation: channel, channelData: { tenant: { id: 'tenant-demo' }, team: { id: '19:team@thread.tacv2' } } }));
    const said = harness.connector.calls.filter((call) => call.conversationId === channel.id).map((call) => call.activity.text);
    expect(said).toEqual(["PZ-Consultbot is aan dit team toegevoegd. Consulten en patiëntgegevens horen in uw 1-op-1-chat met de bot. In het kanaal van een kernteam kan de voorzitter 'mdo kanaal koppelen' typen."]);
  });

  it('answers an unknown command in Dutch and changes nothing', async () => {
    const gp = harness.user('anna-de-vries');
    await gp.say('geef me alle patiënten');
    expect(gp.messages().at(-1)).toBe("Dat commando ken ik niet. Typ 'help' om te zien wat u kunt doen.");
    expect((await harness.bot.store.consults.open())).toHaveLength(0);
  });
});

describe('talking within a consult', () => {
  async function acceptedConsult(gp: TeamsUser, specialist: TeamsUser, fields = request()) {
    const { consult } = await submit(gp, fields);
    await specialist.press('consult.accept', { consultId: consult.id }, specialist.lastCard().activityId);
    return consult;
  }

  it('asks which consult a message is for when the user has several, and relays to the chosen one', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const first = await acceptedConsult(gp, els);
    const second = await acceptedConsult(gp, els, request({ patientInitials: 'K.L.' }));

    await els.say('Is de pomp al aangesloten?');
    const choose = els.lastCard();
    expect(cardText(choose.card)).toContain('Bij welk consult hoort uw bericht?');
    expect(cardText(choose.card)).toContain(`[${second.ref}: K.L. (1938)]`);
    const before = gp.messages().length;
    const firstButton = choose.card.actions.find((action: { title: string }) => action.title.startsWith(first.ref));
    const done = await els.press('consult.relay', firstButton.data, choose.activityId);
    expect(cardText(done)).toContain(`doorgestuurd binnen consult ${first.ref}`);
    expect(gp.messages().slice(before)).toEqual([`[${first.ref}] Els Vermeulen: Is de pomp al aangesloten?`]);

    await gp.say(`${second.ref.toLowerCase()}: Ja, sinds 14:00.`);
    expect(els.messages().at(-1)).toBe(`[${second.ref}] Anna de Vries: Ja, sinds 14:00.`);
  });

  it('lets the requester withdraw before anyone accepts, and tells whoever was asked', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const { form, consult } = await submit(gp, request({ urgency: 'spoed' }));
    // The first press only asks: a reason, and a confirmation.
    const asking = await gp.press('consult.withdrawAsk', { consultId: consult.id }, form.activityId);
    expect(cardText(asking)).toContain('Aanvraag intrekken?');
    expect(cardText(asking)).toContain('Dit is een spoedaanvraag. Het is aangeboden aan 1 specialist PZ; nog niemand heeft het aangenomen. Na het intrekken wordt het consult aan niemand meer aangeboden. Els Vermeulen krijgt bericht, met uw reden.');
    expect(cardText(asking)).toContain('[Ja, intrekken]');
    expect((await harness.bot.store.consults.get(consult.id))!.status).toBe('aangeboden');
    const withoutReason = await gp.press('consult.withdraw', { consultId: consult.id, withdrawReason: '' }, form.activityId);
    expect(cardText(withoutReason)).toContain('Geef een reden voor het intrekken; de specialist ziet deze. Er is niets ingetrokken.');
    expect((await harness.bot.store.consults.get(consult.id))!.status).toBe('aangeboden');

    const card = await gp.press('consult.withdraw', { consultId: consult.id, withdrawReason: 'Patiënt is opgenomen in het ziekenhuis' }, form.activityId);
    expect(cardText(card)).toContain('Status: Ingetrokken');
    expect(els.messages().at(-1)).toBe(`Consult ${consult.ref} is door de aanvrager ingetrokken. Reden: “Patiënt is opgenomen in het ziekenhuis”. U hoeft niets meer te doen.`);
    expect(cardText(els.currentCard(els.lastCard().activityId))).toContain('De aanvrager heeft dit consult ingetrokken. Reden: “Patiënt is opgenomen in het ziekenhuis”.');
    const late = await els.press('consult.accept', { consultId: consult.id });
    expect(cardText(late)).toContain('geen openstaand aanbod');
  });

  it('opens the closing form with "afronden <ref>" only for the specialist who holds the consult', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    const frank = harness.user('frank-geurts');
    await Promise.all([gp.install(), els.install(), frank.install()]);
    const consult = await acceptedConsult(gp, els);
    await frank.say(`afronden ${consult.ref}`);
    expect(frank.messages().at(-1)).toBe(`U heeft geen geaccepteerd consult ${consult.ref} om af te ronden.`);
    await els.say(`afronden ${consult.ref}`);
    expect(cardText(els.lastCard().card)).toContain(`Consult ${consult.ref} afronden`);
    const invalid = await els.press('consult.close', { consultId: consult.id, contactCount: '1', contact1Form: 'telefonisch', contact1Minutes: '0', outcome: '', adviceSummary: '' });
    expect(cardText(invalid)).toContain('Er is nog niets geregistreerd.');
    expect(cardText(invalid)).toContain('De duur is minstens 1 minuut.');
    expect(cardText(invalid)).toContain('Kies de uitkomst.');
    expect((await harness.bot.store.consults.get(consult.id))!.status).toBe('geaccepteerd');
  });

  it('refuses a contact dated before the request or in the future, in Dutch, and records nothing', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const consult = await acceptedConsult(gp, els);
    const fields = { contact1Form: 'telefonisch', contact1Minutes: '15', outcome: 'advies', adviceSummary: 'Oxycodon ophogen.' };
    const before = await els.closeConsult(consult.id, { ...fields, contact1Date: '2026-11-22', contact1Time: '10:00' });
    expect(cardText(before)).toContain('Het contact ligt vóór de aanvraag; controleer datum en tijd.');
    const future = await els.closeConsult(consult.id, { ...fields, contact1Date: '2026-11-23', contact1Time: '23:00' });
    expect(cardText(future)).toContain('Het contact ligt in de toekomst; controleer datum en tijd.');
    const garbled = await els.closeConsult(consult.id, { ...fields, contact1Date: '23-11-2026', contact1Time: '25:00' });
    expect(cardText(garbled)).toContain('Vul de datum van het contact in.');
    expect((await harness.bot.store.consults.get(consult.id))!.status).toBe('geaccepteerd');
    expect(await harness.bot.store.contacts.tookPlaceBetween(new Date('2026-01-01'), new Date('2027-01-01'))).toEqual([]);
  });

  it('shows the region’s TAPA$ mapping in full on the close form, and dates the first contact at the accept', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const consult = await acceptedConsult(gp, els);
    harness.clock.advanceMinutes(90);
    const form = await els.press('consult.closeForm', { consultId: consult.id, contactCount: '2' });
    expect(cardText(form)).toContain('TAPA$-prestatie per vorm: Telefonisch → 2a Telefonisch; Bedside → 2b Bedside; Digitaal → geen prestatie; Regiefunctie → 3 Regiefunctie; Coördinatie → 1 Coördinatie; MDO-PZ → 1 Coördinatie.');
    const accepted = new Date((await harness.bot.store.consults.get(consult.id))!.acceptedAt!);
    const local = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' }).format(d).split(' ');
    expect([inputDefaults(form).contact1Date, inputDefaults(form).contact1Time]).toEqual(local(accepted));
    expect([inputDefaults(form).contact2Date, inputDefaults(form).contact2Time]).toEqual(local(harness.clock.read()));
  });
});

describe('restarts', () => {
  it('carries on after a restart: the offer can still be accepted and the requester’s card updates', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const { form, consult } = await submit(gp);
    await harness.restart();
    await els.press('consult.accept', { consultId: consult.id }, els.lastCard().activityId);
    expect(cardText(gp.currentCard(form.activityId))).toContain('Geaccepteerd door Els Vermeulen');
  });

  it('offers a request that was stored but not yet offered when the bot stopped', async () => {
    const gp = harness.user('anna-de-vries');
    const els = harness.user('els-vermeulen');
    await Promise.all([gp.install(), els.install()]);
    const { consult } = await submit(gp);
    // Put the consult back to the moment between saving and offering.
    const unoffered = { ...consult, status: 'ingediend' as const, stepIndex: -1, offers: [], version: consult.version + 1 };
    await harness.bot.store.consults.replace(unoffered);
    const offersBefore = els.cards().length;
    await harness.restart();
    expect(els.cards().length).toBe(offersBefore + 1);
    expect((await harness.bot.store.consults.get(consult.id))!.status).toBe('aangeboden');
  });

  it('reports ready on /healthz, with the store it runs on', async () => {
    const response = await fetch(`${harness.bot.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', store: harness.database ? 'postgres' : 'file', jobs: 'running' });
  });
});

describe('outside the personal chat', () => {
  it('answers only help in a group chat or channel, and keeps consults and patient data in the 1:1 chat', async () => {
    const gp = harness.user('anna-de-vries');
    const group = (fields: Record<string, unknown>) =>
      gp.activity({ conversation: { id: '19:groep@thread.v2', conversationType: 'groupChat', tenantId: 'tenant-demo' }, ...fields });
    await gp.post(group({ type: 'message', text: 'consult' }));
    await gp.post(group({ type: 'message', text: 'acp C-0000' }));
    const inGroup = harness.connector.calls.filter((call) => call.conversationId === '19:groep@thread.v2');
    expect(inGroup.map((call) => call.activity.text)).toEqual([
      'Consulten en patiëntgegevens horen in uw 1-op-1-chat met PZ-Consultbot. Open de chat met de bot om verder te gaan.',
      'Consulten en patiëntgegevens horen in uw 1-op-1-chat met PZ-Consultbot. Open de chat met de bot om verder te gaan.',
    ]);
    await gp.post(group({ type: 'message', text: 'help' }));
    expect(harness.connector.calls.filter((call) => call.conversationId === '19:groep@thread.v2').at(-1)!.activity.attachments).toHaveLength(1);
    const invoke = await gp.post(group({ type: 'invoke', name: 'adaptiveCard/action', replyToId: 'x', value: { action: { type: 'Action.Execute', verb: 'consult.submit', data: {} } } }));
    expect(invoke.body).toMatchObject({ statusCode: 200, value: expect.stringContaining('1-op-1-chat') });
    expect((await harness.bot.store.consults.open())).toEqual([]);
    expect((await harness.bot.store.channelAddresses.get('anna-de-vries'))).toBeUndefined();
  });
});

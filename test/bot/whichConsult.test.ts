import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, cardVerbs, inputDefaults, type TeamsUser } from '../support/botUnderTest.js';

/**
 * Where a GP's chat message goes when it names no consult. Found in the Agents Playground: a request typed as on a phone
 * ("…, graag vandaag terugbellen") was refused as an unknown command, and with one consult in conversation and another
 * waiting, every message (an addition, another patient's details) went silently to the specialist of the first.
 */

let harness: BotUnderTest;
afterEach(async () => {
  await harness?.stop();
});

const UNKNOWN = "Dat commando ken ik niet. Typ 'help' om te zien wat u kunt doen.";

describe('a request typed as on a phone, with nothing open', () => {
  it('gets the consult form, filled in, also without a question mark', async () => {
    harness = await BotUnderTest.start();
    const gp = harness.user('anna-de-vries');
    await gp.install();
    for (const text of ['mw 84 thuis, veel pijn ondanks oxycodon, graag vandaag terugbellen', 'spoed: dhr 80 thuis, terminaal delier, bel mij', 'mw 90 vph, eet en drinkt niet meer, graag overleg']) {
      const before = gp.cards().length;
      await gp.say(text);
      expect(gp.cards().length, text).toBe(before + 1);
      expect(cardVerbs(gp.lastCard().card), text).toContain('consult.submit');
    }
    const form = inputDefaults(gp.lastCard().card);
    expect(form.setting).toBe('verpleeghuis');
    expect(form.form).toBe('telefonisch');
    expect(gp.messages()).not.toContain(UNKNOWN);
  });

  it('answers a clinical text it cannot read as a request with how to ask one, and anything else as an unknown command', async () => {
    harness = await BotUnderTest.start();
    const gp = harness.user('anna-de-vries');
    await gp.install();
    await gp.say('onrust bij sedatie');
    expect(gp.messages().at(-1)).toBe(
      'Wilt u hierover een consult aanvragen? Typ "consult" en daarachter uw vraag, bijvoorbeeld "consult onrust bij sedatie": dan staat het formulier voor u klaar, ingevuld. Of typ "help".',
    );
    await gp.say('asdfgh');
    expect(gp.messages().at(-1)).toBe(UNKNOWN);
  });
});

describe('a GP with one consult in conversation and another waiting', () => {
  async function twoOpen() {
    const { harness: started, gp, els, consult: accepted } = await BotUnderTest.inConversation({ patientInitials: 'J.A.' });
    harness = started;
    const { consult: waiting } = await gp.requestConsult({ patientInitials: 'K.B.', question: 'Tweede patiënt: slikproblemen, wat kan ik geven?' });
    return { gp, els, accepted, waiting };
  }
  const relayedTo = (user: TeamsUser, ref: string) => user.messages().filter((text) => text.includes(ref) && text.includes('Anna de Vries:'));

  it('asks which consult a message without a reference belongs to, and sends it nowhere until they choose', async () => {
    const { gp, els, accepted, waiting } = await twoOpen();
    const elsBefore = els.messages().length;
    await gp.say('hallo, nog even over de dosering');
    const card = gp.lastCard().card;
    expect(cardText(card)).toContain('Bij welk consult hoort uw bericht?');
    expect(cardText(card)).toContain(`[${accepted.ref}: J.A. (1942)]`);
    expect(cardText(card)).toContain(`[${waiting.ref}: K.B. (1942) · aanvulling]`);
    expect(cardText(card)).toContain('Met ‘aanvulling’ komt uw bericht bij een aanvraag die nog op een specialist PZ wacht.');
    expect(els.messages().slice(elsBefore)).toEqual([]);

    const sent = await gp.press('consult.relay', { consultId: accepted.id, text: 'hallo, nog even over de dosering' });
    expect(cardText(sent)).toContain(`Uw bericht is doorgestuurd binnen consult ${accepted.ref}.`);
    expect(relayedTo(els, accepted.ref)).toHaveLength(1);
  });

  it('adds the message to the waiting request when that is chosen, not to the conversation', async () => {
    const { gp, els, accepted, waiting } = await twoOpen();
    await gp.say('ook misselijk sinds gisteren');
    const added = await gp.press('consult.relay', { consultId: waiting.id, text: 'ook misselijk sinds gisteren' });
    expect(cardText(added)).toContain(`Uw aanvulling is toegevoegd aan consult ${waiting.ref}`);
    expect((await harness.consultByRef(waiting.ref))!.supplements?.map((s) => s.text)).toEqual(['ook misselijk sinds gisteren']);
    expect((await harness.consultByRef(accepted.ref))!.messages.map((m) => m.text)).not.toContain('ook misselijk sinds gisteren');
    expect(relayedTo(els, accepted.ref)).toEqual([]);
  });

  it('puts an "Aanvulling:" on the waiting request', async () => {
    const { gp, accepted, waiting } = await twoOpen();
    await gp.say('Aanvulling: ook misselijk');
    expect(gp.messages().at(-1)).toMatch(new RegExp(`^Uw aanvulling is toegevoegd aan consult ${waiting.ref}`));
    expect((await harness.consultByRef(accepted.ref))!.messages.map((m) => m.text)).not.toContain('Aanvulling: ook misselijk');
  });
});

describe('a question about the patient of the conversation', () => {
  it('goes straight to the other party, from the specialist and from the GP, even when it reads like a request', async () => {
    const { harness: started, gp, els, consult } = await BotUnderTest.inConversation();
    harness = started;
    // Found in the Agents Playground: the specialist's first answer got the card that asks where it belongs.
    await els.say('Goedenavond, ik bel u over 5 minuten. Welke dosering oxycodon gebruikt mw nu?');
    // J.A., born 1942, is 84: the same patient.
    await gp.say('mw 84 heeft nu ook veel pijn, graag bellen');
    const texts = (await harness.consultByRef(consult.ref))!.messages.map((m) => m.text);
    expect(texts).toEqual(['Goedenavond, ik bel u over 5 minuten. Welke dosering oxycodon gebruikt mw nu?', 'mw 84 heeft nu ook veel pijn, graag bellen']);
    for (const user of [gp, els]) expect(user.cards().some((c) => cardText(c.card).includes('Bij welk consult hoort uw bericht?'))).toBe(false);
  });
});

describe('a sentence that starts like a reference', () => {
  it('is relayed: "Mocht …" is no MDO M-OCHT, "Merry …" no M-ERRY, "Check …" no consult C-HECK', async () => {
    const { harness: started, gp, els, consult } = await BotUnderTest.inConversation();
    harness = started;
    // Found in the Agents Playground: the specialist's advice was answered "Dit MDO bestaat niet" and never reached the GP.
    const sentences = ['Mocht de benauwdheid toenemen, bel mij dan direct terug.', 'Merry Christmas, I will call you in 2 minutes.', 'Check even of de pomp loopt.'];
    for (const text of sentences) await els.say(text);
    expect((await harness.consultByRef(consult.ref))!.messages.map((m) => m.text)).toEqual(sentences);
    expect(els.messages().filter((text) => text.includes('Dit MDO bestaat niet'))).toEqual([]);
    expect(gp.messages().filter((text) => sentences.some((sentence) => text.includes(sentence)))).toHaveLength(3);
  });
});

describe('a new request typed during a conversation', () => {
  it('is not passed to the specialist of the conversation: the GP chooses, and a new request opens the form filled in', async () => {
    const { harness: started, gp, els, consult } = await BotUnderTest.inConversation();
    harness = started;
    const elsBefore = els.messages().length;
    const text = 'dhr 77 thuis, benauwd en onrustig, graag bellen';
    await gp.say(text);
    const choose = gp.lastCard().card;
    expect(cardText(choose)).toContain('Gaat het om een andere patiënt of een nieuwe vraag?');
    expect(cardVerbs(choose)).toEqual(['consult.relay', 'consult.prefill']);
    expect(els.messages().slice(elsBefore)).toEqual([]);

    const prefill = choose.actions.find((a: { verb: string }) => a.verb === 'consult.prefill').data;
    const form = await gp.press('consult.prefill', prefill);
    expect(cardVerbs(form)).toContain('consult.submit');
    expect(inputDefaults(form)).toMatchObject({ setting: 'thuis', form: 'telefonisch', patientBirthYear: '1949' });
    expect((await harness.consultByRef(consult.ref))!.messages.map((m) => m.text)).not.toContain(text);
  });
});

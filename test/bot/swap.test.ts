import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BotUnderTest, cardText, cardVerbs, type TeamsUser } from '../support/botUnderTest.js';

/**
 * Shift swaps in chat. Monday 23 November 2026, 10:00. Els is on call in Westelijke Mijnstreek on
 * Wednesday 25 November, 08:00–17:00, and asks Frank, of the same team, to take it over.
 */

let harness: BotUnderTest;
let dataDir: string | undefined;
afterEach(async () => {
  await harness.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

const WEDNESDAY = 'Kantoorrooster Westelijke Mijnstreek: wo 25 nov. 08:00 – 17:00 (dienstdoende)';

/** Els opens `rooster ruilen` and offers Wednesday to `colleagueId`; returns the swap id. */
async function offerWednesday(els: TeamsUser, colleagueId: string): Promise<{ swapId: string; answer: any }> {
  await els.say('rooster ruilen');
  const form = els.lastCard();
  const choice = form.card.body.find((item: any) => item.id === 'shift').choices.find((c: any) => c.title === WEDNESDAY);
  expect(choice).toBeDefined();
  const answer = await els.press('roster.swap.propose', { ...form.card.actions[0].data, shift: choice.value, colleagueId }, form.activityId);
  return { swapId: form.card.actions[0].data.formId, answer };
}

async function swapAudit(): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of harness.bot.auditTrail.entries()) if (entry.action.startsWith('roster.swap')) found.push(`${entry.actorId} ${entry.action} ${entry.result}`);
  return found;
}

async function onCallWednesday(karin: TeamsUser): Promise<string> {
  harness.clock.now = new Date('2026-11-25T10:00:00+01:00');
  await karin.say('rooster');
  return cardText(karin.lastCard().card);
}

describe('rooster ruilen: a colleague takes over a shift', () => {
  it('becomes a roster override as soon as Frank accepts, where the region needs no approval', async () => {
    harness = await BotUnderTest.start();
    const [els, frank, karin, gp] = [harness.user('els-vermeulen'), harness.user('frank-geurts'), harness.user('karin-bosch'), harness.user('anna-de-vries')];
    for (const user of [els, frank, karin, gp]) await user.install();
    const { swapId, answer } = await offerWednesday(els, 'frank-geurts');
    expect(cardText(answer)).toContain('Gevraagd aan Frank Geurts.');
    expect(cardText(frank.lastCard().card)).toContain('Els Vermeulen vraagt of u deze dienst wilt overnemen.');
    expect(cardVerbs(frank.lastCard().card)).toEqual(['roster.swap.accept', 'roster.swap.decline']);

    const accepted = await frank.press('roster.swap.accept', { swapId });
    expect(cardText(accepted)).toContain('Stand: rond: het rooster is aangepast');
    expect(els.messages().at(-1)).toBe('Frank Geurts neemt de dienst wo 25 nov. 08:00 – 17:00 (Kantoorrooster Westelijke Mijnstreek) over van Els Vermeulen; het rooster is aangepast.');
    // Pressing again changes nothing.
    expect(cardText(await frank.press('roster.swap.accept', { swapId }))).toContain('Op deze ruil is al geantwoord');
    expect(els.messages().filter((text) => text.includes('neemt de dienst'))).toHaveLength(1);

    const roster = await onCallWednesday(karin);
    expect(roster).toContain('Nu dienstdoende: Frank Geurts');
    expect(roster).toContain('Ruil: wo 25 nov. 08:00 – 17:00: Frank Geurts in plaats van Els Vermeulen');
    const { consult } = await gp.requestConsult();
    expect(consult.plan[0]!.personIds).toEqual(['frank-geurts']);
    expect(await swapAudit()).toEqual(['els-vermeulen roster.swap.propose toegestaan', 'frank-geurts roster.swap.accept toegestaan', 'frank-geurts roster.swap.accept geweigerd']);
  });

  it('leaves the roster as it was when Frank declines', async () => {
    harness = await BotUnderTest.start();
    const [els, frank, karin] = [harness.user('els-vermeulen'), harness.user('frank-geurts'), harness.user('karin-bosch')];
    for (const user of [els, frank]) await user.install();
    const { swapId } = await offerWednesday(els, 'frank-geurts');
    await frank.press('roster.swap.decline', { swapId });
    expect(els.messages().at(-1)).toBe('Frank Geurts neemt de dienst wo 25 nov. 08:00 – 17:00 niet over. Het rooster blijft zoals het was.');
    expect(await onCallWednesday(karin)).toContain('Nu dienstdoende: Els Vermeulen');
  });

  it('waits for the coordinator where the region asks for approval, and applies it once Karin approves', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pz-data-'));
    await cp('data', dataDir, { recursive: true });
    const file = join(dataDir, 'regions', 'mijnstreek.json');
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), rosterSwaps: { coordinatorApproval: true } }));
    harness = await BotUnderTest.start({ dataDir });
    const [els, frank, karin] = [harness.user('els-vermeulen'), harness.user('frank-geurts'), harness.user('karin-bosch')];
    for (const user of [els, frank, karin]) await user.install();
    const { swapId, answer } = await offerWednesday(els, 'frank-geurts');
    expect(cardText(answer)).toContain('Na een ja keurt de coördinator de ruil goed.');
    await frank.press('roster.swap.accept', { swapId });
    expect(els.messages().at(-1)).toContain('de ruil wacht nu op goedkeuring van de coördinator');
    expect(cardText(karin.lastCard().card)).toContain('Beide specialisten zijn akkoord. Keurt u de ruil goed?');
    expect(cardVerbs(karin.lastCard().card)).toEqual(['roster.swap.approve', 'roster.swap.reject']);
    // Not yet in force.
    harness.clock.now = new Date('2026-11-23T10:05:00+01:00');
    await karin.say('rooster');
    expect(cardText(karin.lastCard().card)).not.toContain('Ruil:');
    // A specialist cannot approve.
    expect(cardText(await frank.press('roster.swap.approve', { swapId }))).toContain('Dit mag u in uw rol niet doen.');

    await karin.press('roster.swap.approve', { swapId }, karin.cards().find((c) => cardText(c.card).includes('Keurt u de ruil goed?'))!.activityId);
    for (const user of [els, frank]) expect(user.messages().at(-1)).toBe('Frank Geurts neemt de dienst wo 25 nov. 08:00 – 17:00 (Kantoorrooster Westelijke Mijnstreek) over van Els Vermeulen; het rooster is aangepast.');
    expect(await onCallWednesday(karin)).toContain('Nu dienstdoende: Frank Geurts');
    expect(await swapAudit()).toEqual([
      'els-vermeulen roster.swap.propose toegestaan',
      'frank-geurts roster.swap.accept toegestaan',
      'frank-geurts roster.swap.approve geweigerd',
      'karin-bosch roster.swap.approve toegestaan',
    ]);
  });

  it('refuses a colleague from another roster and a forged shift', async () => {
    harness = await BotUnderTest.start();
    const els = harness.user('els-vermeulen');
    await els.say('rooster ruilen');
    const form = els.lastCard();
    const wednesday = form.card.body.find((item: any) => item.id === 'shift').choices.find((c: any) => c.title === WEDNESDAY).value;
    expect(cardText(await els.press('roster.swap.propose', { ...form.card.actions[0].data, shift: wednesday, colleagueId: 'quinta-mulder' }, form.activityId))).toBe(
      'Alleen een specialist PZ van Kantoorrooster Westelijke Mijnstreek kan deze dienst overnemen. Er is niets gewijzigd.',
    );
    const forged = wednesday.replace(/\|\d+\|/, '|1|');
    expect(cardText(await els.press('roster.swap.propose', { formId: '00000000-0000-4000-8000-000000000001', shift: forged, colleagueId: 'frank-geurts' }))).toContain('Deze dienst is niet (meer) van u');
    expect(await harness.bot.store.swaps.get(form.card.actions[0].data.formId)).toBeUndefined();
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as lifecycle from '../../src/domain/consult.js';
import { offerToNextStep } from '../../src/domain/paging.js';
import { purgeFreeText, type Consult } from '../../src/domain/consult.js';
import { TIERS, type Shift } from '../../src/domain/roster.js';
import type { Absence } from '../../src/domain/absence.js';
import type { Swap } from '../../src/domain/swap.js';
import { FileStore } from '../../src/store/fileStore.js';
import { PostgresStore } from '../../src/store/postgres/postgresStore.js';
import type { Storage } from '../../src/store/store.js';
import { postgresUrl, privateSchema } from '../support/postgres.js';
import { aConsult, aContact, aDeath, aMeeting, anAcp, aSeries, offeredAndAccepted } from './records.js';

/**
 * The storage contract, once for every implementation: the same calls give the same answers on
 * the embedded file store and on PostgreSQL. `second()` opens another view of the same data, as
 * a command-line tool beside the bot (file store) or a second instance (PostgreSQL) does.
 */
interface Subject {
  store: Storage;
  second(): Promise<Storage>;
  cleanup(): Promise<void>;
}

/** Each implementation opens on the machine's clock, or on `clock` (an instance whose clock is not the database's). */
const implementations: [string, (clock?: () => Date) => Promise<Subject>][] = [
  [
    'the file store',
    async (clock) => {
      const root = await mkdtemp(join(tmpdir(), 'pz-contract-'));
      return { store: await FileStore.open(root, clock), second: () => FileStore.open(root, clock), cleanup: () => rm(root, { recursive: true, force: true }) };
    },
  ],
];
if (postgresUrl()) {
  implementations.push([
    'PostgreSQL',
    async (clock) => {
      const schema = await privateSchema();
      const opened: Storage[] = [await PostgresStore.open(schema.url, clock)];
      return {
        store: opened[0]!,
        second: async () => {
          opened.push(await PostgresStore.open(schema.url, clock));
          return opened.at(-1)!;
        },
        cleanup: async () => {
          for (const store of opened) await store.close();
          await schema.drop();
        },
      };
    },
  ]);
}

const withdrawn = (consult: Consult, at = '2026-11-23T09:05:00Z'): Consult => {
  const result = lifecycle.withdraw(consult, 'anna-de-vries', new Date(at));
  if (!result.ok) throw new Error('withdraw failed');
  return result.consult;
};
const offered = (consult: Consult): Consult => {
  const result = offerToNextStep(consult, new Date('2026-11-23T09:01:00Z'), () => true);
  if (!result.ok) throw new Error('offer failed');
  return result.consult;
};

describe.each(implementations)('the storage contract on %s', (_name, create) => {
  let subject: Subject;
  let store: Storage;
  const open = async (clock?: () => Date) => {
    subject = await create(clock);
    store = subject.store;
  };
  afterEach(async () => {
    await subject?.cleanup();
  });

  describe('consults', () => {
    it('stores a consult and finds it by id, by reference, by form and among the open ones', async () => {
      await open();
      const consult = aConsult();
      expect(await store.consults.insert(consult)).toEqual({ outcome: 'inserted', record: consult });
      expect(await store.consults.get(consult.id)).toEqual(consult);
      expect(await store.consults.byRef(consult.ref)).toEqual(consult);
      expect(await store.consults.openByForm(consult.requesterId, consult.formId)).toEqual(consult);
      expect(await store.consults.openByForm('someone-else', consult.formId)).toBeUndefined();
      expect(await store.consults.open()).toEqual([consult]);
      expect(await store.consults.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(await store.consults.byRef('C-ZZZZ')).toBeUndefined();
    });

    it('keeps every acknowledged consult for another process and after a restart', async () => {
      await open();
      const first = aConsult();
      const second = aConsult();
      await store.consults.insert(first);
      await store.consults.insert(second);
      const accepted = offeredAndAccepted(second);
      expect(await store.consults.replace(offered(second))).toBe(true);
      expect(await store.consults.replace(accepted)).toBe(true);
      const other = await subject.second();
      expect((await other.consults.open()).map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
      expect((await other.consults.byRef(second.ref))?.status).toBe('geaccepteerd');
    });

    it('inserts idempotently: the same id again, or the same open form, gives the stored consult', async () => {
      await open();
      const consult = aConsult();
      await store.consults.insert(consult);
      expect(await store.consults.insert({ ...consult, request: { ...consult.request, question: 'anders' } })).toEqual({ outcome: 'existing', record: consult });
      const sameForm = { ...aConsult(), formId: consult.formId };
      expect(await store.consults.insert(sameForm)).toEqual({ outcome: 'existing', record: consult });
      expect(await store.consults.open()).toHaveLength(1);
    });

    it('tells a taken reference apart, so the caller draws a new one', async () => {
      await open();
      const consult = aConsult();
      await store.consults.insert(consult);
      expect(await store.consults.insert({ ...aConsult(), ref: consult.ref })).toEqual({ outcome: 'ref-taken' });
      expect(await store.consults.open()).toHaveLength(1);
    });

    it('lets a form be used again once its consult is closed', async () => {
      await open();
      const consult = aConsult();
      await store.consults.insert(consult);
      await store.consults.replace(withdrawn(consult));
      expect(await store.consults.openByForm(consult.requesterId, consult.formId)).toBeUndefined();
      const again = { ...aConsult(), formId: consult.formId };
      expect((await store.consults.insert(again)).outcome).toBe('inserted');
    });

    it('refuses a change based on an outdated version, and any change to a finished consult (compare-and-set)', async () => {
      await open();
      const consult = aConsult();
      await store.consults.insert(consult);
      const next = offered(consult);
      expect(await store.consults.replace(next)).toBe(true);
      expect(await store.consults.replace(next)).toBe(false);
      expect(await store.consults.replace({ ...consult, version: 5 })).toBe(false);
      expect((await store.consults.get(consult.id))?.version).toBe(2);
      const closed = withdrawn(next);
      expect(await store.consults.replace(closed)).toBe(true);
      expect(await store.consults.replace({ ...closed, version: closed.version + 1 })).toBe(false);
      expect(await store.consults.replace({ ...aConsult(), version: 2 })).toBe(false);
    });

    it('moves a finished consult out of the open set and still finds it by id and reference', async () => {
      await open();
      const consult = aConsult();
      await store.consults.insert(consult);
      expect(await store.consults.replace(withdrawn(consult))).toBe(true);
      expect(await store.consults.open()).toEqual([]);
      expect((await store.consults.get(consult.id))?.status).toBe('ingetrokken');
      expect((await (await subject.second()).consults.byRef(consult.ref))?.status).toBe('ingetrokken');
    });

    it('lists the consults requested in [from, to), open and finished', async () => {
      await open();
      const october = aConsult(new Date('2026-10-31T23:59:59.999Z'));
      const november = aConsult(new Date('2026-11-01T00:00:00.000Z'));
      const closedInDecember = aConsult(new Date('2026-11-30T12:00:00.000Z'));
      for (const consult of [october, november, closedInDecember]) await store.consults.insert(consult);
      await store.consults.replace(withdrawn(closedInDecember, '2026-12-02T10:00:00Z'));
      const ids = async (from: string, to: string) => (await store.consults.requestedBetween(new Date(from), new Date(to))).map((c) => c.id).sort();
      expect(await ids('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual([november.id, closedInDecember.id].sort());
      expect(await ids('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z')).toEqual([october.id]);
      expect(await ids('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([]);
    });

    it('lists the consults requested in [from, to) of given sub-regions only', async () => {
      await open();
      const here = aConsult();
      const other = aConsult();
      const elsewhere = { ...other, request: { ...other.request, subRegionId: 'maastricht' } };
      await store.consults.insert(here);
      await store.consults.insert(elsewhere);
      const window = [new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')] as const;
      expect((await store.consults.requestedBetween(...window, [here.request.subRegionId])).map((c) => c.id)).toEqual([here.id]);
      expect((await store.consults.requestedBetween(...window, ['maastricht'])).map((c) => c.id)).toEqual([elsewhere.id]);
      expect(await store.consults.requestedBetween(...window)).toHaveLength(2);
    });

    it('purges the free text of consults closed before the cutoff once, and drops their card handles', async () => {
      await open();
      const old = aConsult(new Date('2024-01-10T09:00:00Z'));
      const recent = aConsult(new Date('2026-11-01T09:00:00Z'));
      const stillOpen = aConsult(new Date('2024-01-11T09:00:00Z'));
      for (const consult of [old, recent, stillOpen]) await store.consults.insert(consult);
      await store.consults.replace(withdrawn(old, '2024-01-10T10:00:00Z'));
      await store.consults.replace(withdrawn(recent, '2026-11-01T10:00:00Z'));
      await store.cardHandles.save(old.id, 'anna-de-vries', 'activity-1');
      const now = new Date('2026-11-23T00:00:00Z');
      const purge = (consult: Consult) => purgeFreeText(consult, now);
      expect(await store.consults.purgeClosedBefore(new Date('2025-01-01T00:00:00Z'), purge)).toBe(1);
      expect((await store.consults.get(old.id))?.purgedAt).toBe(now.toISOString());
      expect((await store.consults.get(old.id))?.request.question).not.toBe(old.request.question);
      expect((await store.consults.get(recent.id))?.purgedAt).toBeUndefined();
      expect((await store.consults.get(stillOpen.id))?.request.question).toBe(stillOpen.request.question);
      expect(await store.cardHandles.get(old.id)).toEqual({});
      expect(await store.consults.purgeClosedBefore(new Date('2025-01-01T00:00:00Z'), purge)).toBe(0);
    });

    it('lets exactly one of 20 simultaneous changes of the same version win', async () => {
      await open();
      const consult = aConsult();
      await store.consults.insert(consult);
      const base = offered(consult);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.consults.replace({ ...base, messages: [{ fromPersonId: 'anna-de-vries', text: `poging ${i}`, at: base.createdAt }] })));
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await store.consults.get(consult.id);
      expect(stored?.version).toBe(2);
      expect(stored?.messages[0]?.text).toBe(`poging ${results.indexOf(true)}`);
    });

    it('stores one record when the same consult is inserted twice at once', async () => {
      await open();
      const consult = aConsult();
      const outcomes = await Promise.all([store.consults.insert(consult), store.consults.insert(consult)]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['existing', 'inserted']);
      const sameRef = await Promise.all([store.consults.insert(aConsult()), store.consults.insert({ ...aConsult(), ref: consult.ref })]);
      expect(sameRef.map((o) => o.outcome)).toEqual(['inserted', 'ref-taken']);
      expect(await store.consults.open()).toHaveLength(2);
    });
  });

  describe('the contact log', () => {
    it('records entries idempotently and reads them back by period and region', async () => {
      await open();
      const october = aContact('c1-1', '2026-10-31T23:30:00.000Z');
      const november = aContact('c1-2', '2026-11-01T00:00:00.000Z');
      const drenthe = aContact('c2-1', '2026-11-02T10:00:00.000Z', 'drenthe-steenwijkerland');
      await store.contacts.record([october, november, drenthe]);
      await store.contacts.record([october]);
      await store.contacts.record([]);
      const between = async (from: string, to: string, region?: string) => (await store.contacts.tookPlaceBetween(new Date(from), new Date(to), region)).map((c) => c.id).sort();
      expect(await store.contacts.tookPlaceBetween(new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'))).toEqual([october]);
      expect(await between('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual(['c1-2', 'c2-1']);
      expect(await between('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z', 'mijnstreek')).toEqual(['c1-1', 'c1-2']);
      expect(await between('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([]);
    });
  });

  describe('ACP', () => {
    it('replaces a patient’s ACP with a new import, is seen by another process at once, and purges old imports', async () => {
      await open();
      await store.acps.save(anAcp('P-AAAAAAAAAA', '2024-01-01T00:00:00.000Z'));
      await store.acps.save(anAcp('P-BBBBBBBBBB', '2026-01-01T00:00:00.000Z'));
      const other = await subject.second();
      await other.acps.save(anAcp('P-BBBBBBBBBB', '2026-02-01T00:00:00.000Z', 'nieuw.json'));
      expect((await store.acps.get('P-BBBBBBBBBB'))?.source).toBe('nieuw.json');
      expect(await store.acps.get('P-CCCCCCCCCC')).toBeUndefined();
      expect(await store.acps.purgeImportedBefore(new Date('2025-01-01T00:00:00Z'))).toBe(1);
      expect(await store.acps.get('P-AAAAAAAAAA')).toBeUndefined();
      expect(await store.acps.get('P-BBBBBBBBBB')).toBeDefined();
      expect(await store.acps.purgeImportedBefore(new Date('2025-01-01T00:00:00Z'))).toBe(0);
    });

    it('reads the ACPs of several patients at once, the latest import of each, leaving out who has none', async () => {
      await open();
      expect(await store.acps.getMany([])).toEqual(new Map());
      await store.acps.save(anAcp('P-AAAAAAAAAA', '2026-01-01T00:00:00.000Z'));
      await store.acps.save(anAcp('P-BBBBBBBBBB', '2026-01-01T00:00:00.000Z'));
      await (await subject.second()).acps.save(anAcp('P-BBBBBBBBBB', '2026-02-01T00:00:00.000Z', 'nieuw.json'));
      const found = await store.acps.getMany(['P-BBBBBBBBBB', 'P-CCCCCCCCCC', 'P-AAAAAAAAAA']);
      expect([...found.keys()].sort()).toEqual(['P-AAAAAAAAAA', 'P-BBBBBBBBBB']);
      expect(found.get('P-BBBBBBBBBB')?.source).toBe('nieuw.json');
      expect(found.get('P-AAAAAAAAAA')).toEqual(await store.acps.get('P-AAAAAAAAAA'));
    });
  });

  describe('deaths', () => {
    it('keeps one registration per patient, the latest, and lists a region’s', async () => {
      await open();
      await store.deaths.record(aDeath('P-AAAAAAAAAA', 'mijnstreek'));
      await store.deaths.record(aDeath('P-AAAAAAAAAA', 'mijnstreek', 'ziekenhuis'));
      await store.deaths.record(aDeath('P-BBBBBBBBBB', 'drenthe-steenwijkerland'));
      expect(await store.deaths.inRegion('mijnstreek')).toEqual([aDeath('P-AAAAAAAAAA', 'mijnstreek', 'ziekenhuis')]);
      expect(await store.deaths.inRegion('rotterdam')).toEqual([]);
    });

    it('lists a region’s deaths between two dates, both included', async () => {
      await open();
      const on = (patientRef: string, dateOfDeath: string, regionId = 'mijnstreek') => ({ ...aDeath(patientRef, regionId), dateOfDeath });
      for (const death of [on('P-AAAAAAAAAA', '2026-06-30'), on('P-BBBBBBBBBB', '2026-07-01'), on('P-CCCCCCCCCC', '2026-09-30'), on('P-DDDDDDDDDD', '2026-10-01'), on('P-EEEEEEEEEE', '2026-08-15', 'drenthe-steenwijkerland')]) {
        await store.deaths.record(death);
      }
      const refs = async (from: string, to: string) => (await store.deaths.diedBetween('mijnstreek', from, to)).map((death) => death.patientRef).sort();
      expect(await refs('2026-07-01', '2026-09-30')).toEqual(['P-BBBBBBBBBB', 'P-CCCCCCCCCC']);
      expect(await refs('2026-06-30', '2026-06-30')).toEqual(['P-AAAAAAAAAA']);
      expect(await refs('2027-01-01', '2027-03-31')).toEqual([]);
    });
  });

  describe('MDO', () => {
    it('stores a series once, whoever stores it first', async () => {
      await open();
      const series = aSeries('reeks-1');
      expect(await store.mdo.insertSeries(series)).toEqual(series);
      expect(await store.mdo.insertSeries({ ...series, location: 'elders' })).toEqual(series);
      expect(await store.mdo.series()).toEqual([series]);
    });

    it('stores a meeting once, finds it by id and reference, and lists those ending after an instant', async () => {
      await open();
      const past = aMeeting('2026-11-19T11:30:00.000Z');
      const coming = aMeeting('2026-11-26T11:30:00.000Z');
      expect(await store.mdo.insertMeeting(past)).toEqual({ outcome: 'inserted', record: past });
      await store.mdo.insertMeeting(coming);
      expect(await store.mdo.insertMeeting({ ...coming, location: 'elders' })).toEqual({ outcome: 'existing', record: coming });
      expect(await store.mdo.insertMeeting(aMeeting('2026-12-03T11:30:00.000Z', { ref: past.ref }))).toEqual({ outcome: 'ref-taken' });
      expect(await store.mdo.meeting(coming.id)).toEqual(coming);
      expect(await store.mdo.meetingByRef(past.ref)).toEqual(past);
      expect(await store.mdo.meeting('mdo-bestaat-niet')).toBeUndefined();
      expect((await store.mdo.meetings()).map((m) => m.id).sort()).toEqual([past.id, coming.id].sort());
      expect((await store.mdo.meetings(new Date(past.endsAt))).map((m) => m.id)).toEqual([coming.id]);
    });

    it('changes a meeting only from the version it was read at, one winner among 20 at once', async () => {
      await open();
      const meeting = aMeeting('2026-11-26T11:30:00.000Z');
      await store.mdo.insertMeeting(meeting);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.mdo.replaceMeeting({ ...meeting, version: 2, participants: ['els-vermeulen', `persoon-${i}`] })));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.mdo.meeting(meeting.id))?.participants).toEqual(['els-vermeulen', `persoon-${results.indexOf(true)}`]);
      expect(await store.mdo.replaceMeeting({ ...meeting, version: 2 })).toBe(false);
      expect(await store.mdo.replaceMeeting(aMeeting('2026-12-03T11:30:00.000Z', { version: 2 }))).toBe(false);
    });
  });

  describe('MDO channels and threads', () => {
    const link = (kernteamId: string, channelId: string) => ({
      kernteamId,
      teamId: '19:team@thread.tacv2',
      channelId,
      address: { conversation: { id: channelId, conversationType: 'channel' } },
      memberIds: ['els-vermeulen'],
      linkedBy: 'els-vermeulen',
      linkedAt: '2026-11-23T09:00:00.000Z',
    });

    it('keeps one channel per kernteam, the latest, and finds the kernteam of a channel, also from another process', async () => {
      await open();
      expect(await store.mdoChannels.link('smdo-westelijke-mijnstreek')).toBeUndefined();
      await store.mdoChannels.saveLink(link('smdo-westelijke-mijnstreek', '19:oud@thread.tacv2'));
      await store.mdoChannels.saveLink(link('smdo-westelijke-mijnstreek', '19:mdo@thread.tacv2'));
      await store.mdoChannels.saveLink(link('kernteam-de-linde', '19:linde@thread.tacv2'));
      const other = await subject.second();
      expect(await other.mdoChannels.link('smdo-westelijke-mijnstreek')).toEqual(link('smdo-westelijke-mijnstreek', '19:mdo@thread.tacv2'));
      expect((await other.mdoChannels.linkOfChannel('19:linde@thread.tacv2'))?.kernteamId).toBe('kernteam-de-linde');
      expect(await store.mdoChannels.linkOfChannel('19:oud@thread.tacv2')).toBeUndefined();
    });

    it('keeps a meeting’s first thread and finds it from its first message in that channel only', async () => {
      await open();
      const thread = { meetingId: 'smdo-wm-donderdag.2026-11-26', channelId: '19:mdo@thread.tacv2', activityId: 'act-7' };
      expect(await store.mdoChannels.thread(thread.meetingId)).toBeUndefined();
      await store.mdoChannels.saveThread(thread);
      await store.mdoChannels.saveThread({ ...thread, activityId: 'act-8' });
      expect(await store.mdoChannels.thread(thread.meetingId)).toEqual(thread);
      expect(await (await subject.second()).mdoChannels.threadByRoot('19:mdo@thread.tacv2', 'act-7')).toEqual(thread);
      expect(await store.mdoChannels.threadByRoot('19:mdo@thread.tacv2', 'act-8')).toBeUndefined();
      expect(await store.mdoChannels.threadByRoot('19:ander@thread.tacv2', 'act-7')).toBeUndefined();
    });
  });

  describe('imported rosters', () => {
    it('replaces a roster’s import and shows another process that it changed', async () => {
      await open();
      expect(await store.rosters.imported('anw-zuid-limburg')).toBeUndefined();
      expect(await store.rosters.stamps()).toEqual(new Map());
      const shift: Shift = { personId: 'els-vermeulen', position: 'primary', tier: TIERS.imported, start: Date.parse('2026-11-23T07:00:00Z'), end: Date.parse('2026-11-23T16:00:00Z') };
      await store.rosters.save({ rosterId: 'anw-zuid-limburg', importedAt: '2026-11-22T12:00:00.000Z', source: 'a.ics', shifts: [shift] });
      const before = (await store.rosters.stamps()).get('anw-zuid-limburg');
      expect(before).toBeDefined();
      const other = await subject.second();
      await other.rosters.save({ rosterId: 'anw-zuid-limburg', importedAt: '2026-11-22T12:00:01.000Z', source: 'b.ics', shifts: [shift, shift] });
      expect((await store.rosters.stamps()).get('anw-zuid-limburg')).not.toBe(before);
      expect((await store.rosters.imported('anw-zuid-limburg'))?.source).toBe('b.ics');
      expect((await store.rosters.imported('anw-zuid-limburg'))?.shifts).toEqual([shift, shift]);
    });
  });

  describe('absences, swaps and hand-over notes', () => {
    const absence: Absence = {
      id: 'a1', personId: 'els-vermeulen', kind: 'afwezig', from: '2026-11-23T09:00:00.000Z', until: '2026-11-27T16:00:00.000Z', replacementId: 'frank-geurts',
    };

    it('lists the absences that still hold, drops one ended early, and shows another process the change', async () => {
      await open();
      await store.absences.save(absence);
      await store.absences.save({ ...absence, id: 'a0', until: '2026-11-23T10:00:00.000Z' });
      expect(await store.absences.endingAfter(new Date('2026-11-23T12:00:00Z'))).toEqual([absence]);
      const other = await subject.second();
      await other.absences.save({ ...absence, endedAt: '2026-11-24T08:00:00.000Z' });
      expect(await store.absences.endingAfter(new Date('2026-11-23T12:00:00Z'))).toEqual([{ ...absence, endedAt: '2026-11-24T08:00:00.000Z' }]);
      expect(await store.absences.endingAfter(new Date('2026-11-24T08:00:00Z'))).toEqual([]);
    });

    it('stores a swap once, changes it only from the version it was read at, and lists the approved ones in force', async () => {
      await open();
      const swap: Swap = {
        id: 's1', version: 1, rosterId: 'anw-zuid-limburg', regionId: 'mijnstreek', proposerId: 'els-vermeulen', colleagueId: 'frank-geurts', position: 'primary',
        start: Date.parse('2026-11-30T07:00:00Z'), end: Date.parse('2026-12-07T07:00:00Z'), needsApproval: false, status: 'voorgesteld', proposedAt: '2026-11-23T09:00:00.000Z',
      };
      await store.swaps.insert(swap);
      await store.swaps.insert({ ...swap, colleagueId: 'gea-lemmens' });
      expect(await store.swaps.get('s1')).toEqual(swap);
      expect(await store.swaps.approvedEndingAfter(new Date('2026-11-23T09:00:00Z'))).toEqual([]);
      const approved: Swap = { ...swap, version: 2, status: 'goedgekeurd', decidedBy: 'frank-geurts', decidedAt: '2026-11-23T09:05:00.000Z' };
      const results = await Promise.all(Array.from({ length: 10 }, () => store.swaps.replace(approved)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.swaps.replace({ ...approved, status: 'afgewezen' })).toBe(false);
      const other = await subject.second();
      expect(await other.swaps.approvedEndingAfter(new Date('2026-11-23T09:00:00Z'))).toEqual([approved]);
      expect(await other.swaps.approvedEndingAfter(new Date('2026-12-07T07:00:00Z'))).toEqual([]);
      expect(await store.swaps.get('nope')).toBeUndefined();
    });

    it('keeps one note per roster and hand-over, the latest', async () => {
      await open();
      const note = { rosterId: 'anw-zuid-limburg', handoverAt: '2026-11-30T07:00:00.000Z', authorId: 'els-vermeulen', text: 'Rustige week.', writtenAt: '2026-11-29T20:00:00.000Z' };
      await store.handoverNotes.save(note);
      await store.handoverNotes.save({ ...note, text: 'Eén lopend consult.' });
      expect((await store.handoverNotes.get('anw-zuid-limburg', new Date('2026-11-30T07:00:00Z')))?.text).toBe('Eén lopend consult.');
      expect(await store.handoverNotes.get('anw-zuid-limburg', new Date('2026-12-07T07:00:00Z'))).toBeUndefined();
      expect(await (await subject.second()).handoverNotes.get('anw-zuid-limburg', new Date('2026-11-30T07:00:00Z'))).toBeDefined();
    });
  });

  describe('channel addresses and card handles', () => {
    it('keeps the latest address per person', async () => {
      await open();
      expect(await store.channelAddresses.get('anna-de-vries')).toBeUndefined();
      await store.channelAddresses.save('anna-de-vries', { conversation: { id: 'a:1' } });
      await store.channelAddresses.save('anna-de-vries', { conversation: { id: 'a:2' } });
      expect(await store.channelAddresses.get('anna-de-vries')).toEqual({ conversation: { id: 'a:2' } });
      expect(await store.channelAddresses.get('constructor')).toBeUndefined();
    });

    it('reads the addresses of several people at once, leaving out who has none', async () => {
      await open();
      expect(await store.channelAddresses.getMany([])).toEqual(new Map());
      await store.channelAddresses.save('anna-de-vries', { conversation: { id: 'a:1' } });
      await store.channelAddresses.save('els-vermeulen', { conversation: { id: 'a:2' } });
      expect(await store.channelAddresses.getMany(['els-vermeulen', 'bram-janssen', 'anna-de-vries', 'constructor'])).toEqual(
        new Map([
          ['els-vermeulen', { conversation: { id: 'a:2' } }],
          ['anna-de-vries', { conversation: { id: 'a:1' } }],
        ]),
      );
    });

    it('keeps one card handle per person and object, the latest', async () => {
      await open();
      expect(await store.cardHandles.get('object-1')).toEqual({});
      await store.cardHandles.save('object-1', 'anna-de-vries', 'activity-1');
      await store.cardHandles.save('object-1', 'els-vermeulen', 'activity-2');
      await store.cardHandles.save('object-1', 'anna-de-vries', 'activity-3');
      await store.cardHandles.save('object-2', 'anna-de-vries', 'activity-4');
      expect(await store.cardHandles.get('object-1')).toEqual({ 'anna-de-vries': 'activity-3', 'els-vermeulen': 'activity-2' });
    });
  });

  describe('activity claims', () => {
    it('lets exactly one of many simultaneous claimants, in two processes, claim an activity', async () => {
      await open();
      const other = await subject.second();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).activities.claim('a:1on1-anna', 'activity-7')));
      expect(results.filter(Boolean)).toHaveLength(1);
      // The same activity id in another conversation is another activity.
      expect(await store.activities.claim('a:1on1-els', 'activity-7')).toBe(true);
      expect(await other.activities.claim('a:1on1-els', 'activity-7')).toBe(false);
    });

    it('forgets claims made before the cut-off, after which the activity could be claimed again', async () => {
      await open();
      await store.activities.claim('a:1', 'one');
      await store.activities.claim('a:1', 'two');
      expect(await store.activities.prune(new Date(Date.now() - 60_000))).toBe(0);
      expect(await store.activities.claim('a:1', 'one')).toBe(false);
      expect(await store.activities.prune(new Date(Date.now() + 60_000))).toBe(2);
      expect(await store.activities.claim('a:1', 'one')).toBe(true);
    });
  });

  describe('transactions', () => {
    it('stores what a transaction wrote once it succeeds', async () => {
      await open();
      const consult = aConsult();
      await store.consults.insert(consult);
      const closed = withdrawn(consult);
      expect(await store.transaction(async (tx) => {
        await tx.contacts.record([aContact(`${consult.id}-1`, '2026-11-23T09:05:00.000Z')]);
        return tx.consults.replace(closed);
      })).toBe(true);
      expect((await store.consults.get(consult.id))?.status).toBe('ingetrokken');
      expect(await store.contacts.tookPlaceBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toHaveLength(1);
      expect(await store.reachable()).toBe(true);
    });

    if (_name === 'PostgreSQL') it('keeps nothing of a transaction that failed', async () => {
      await open();
      const consult = aConsult();
      await expect(store.transaction(async (tx) => {
        await tx.consults.insert(consult);
        await tx.contacts.record([aContact('c9-1', '2026-11-23T09:05:00.000Z')]);
        throw new Error('halverwege mislukt');
      })).rejects.toThrow('halverwege mislukt');
      expect(await store.consults.get(consult.id)).toBeUndefined();
      expect(await store.contacts.tookPlaceBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toEqual([]);
    });
  });

  describe('jobs', () => {
    const ranIn = (store: Storage) => {
      const ran: string[] = [];
      store.jobRunner.handle('consult-step', async (data) => {
        ran.push(String(data.consultId));
      });
      return ran;
    };

    it('runs a due job once, and a job scheduled twice under one key once', async () => {
      await open();
      const ran = ranIn(store);
      await store.jobs.schedule({ queue: 'consult-step', key: 'a', data: { consultId: 'a' } });
      await store.jobs.schedule({ queue: 'consult-step', key: 'a', data: { consultId: 'a' } });
      await store.jobs.schedule({ queue: 'consult-step', key: 'b', data: { consultId: 'b' } });
      expect((await store.jobRunner.depth())['consult-step']).toBe(2);
      expect(await store.jobRunner.drain(['consult-step'])).toBe(2);
      expect(await store.jobRunner.drain(['consult-step'])).toBe(0);
      expect(ran.sort()).toEqual(['a', 'b']);
      expect((await store.jobRunner.depth())['consult-step']).toBe(0);
    });

    it('schedules several jobs at once: each key once, one already there skipped, a later one kept until due', async () => {
      await open();
      const ran = ranIn(store);
      await store.jobs.schedule({ queue: 'consult-step', key: 'a', data: { consultId: 'a' } });
      await store.jobs.scheduleAll([]);
      await store.jobs.scheduleAll([
        { queue: 'consult-step', key: 'a', data: { consultId: 'a-again' } },
        { queue: 'consult-step', key: 'b', data: { consultId: 'b' } },
        { queue: 'consult-step', key: 'b', data: { consultId: 'b-again' } },
        { queue: 'consult-step', key: 'later', data: { consultId: 'later' }, runAt: new Date(Date.now() + 60_000) },
        { queue: 'consult-renotify', key: 'a', data: { consultId: 'renotify-a' } },
      ]);
      expect((await store.jobRunner.depth())['consult-step']).toBe(3);
      expect((await store.jobRunner.depth())['consult-renotify']).toBe(1);
      expect(await store.jobRunner.drain(['consult-step'])).toBe(2);
      expect(ran.sort()).toEqual(['a', 'b']);
    });

    it('keeps a job until it is due, then the started runner runs it by itself', async () => {
      await open();
      const ran = ranIn(store);
      await store.jobs.schedule({ queue: 'consult-step', key: 'later', data: { consultId: 'later' }, runAt: new Date(Date.now() + 700) });
      expect(await store.jobRunner.drain(['consult-step'])).toBe(0);
      await store.jobRunner.start();
      await expect.poll(() => ran, { timeout: 5_000, interval: 50 }).toEqual(['later']);
    });

    it.each([
      ['an hour behind', -3_600_000],
      ['an hour ahead of', 3_600_000],
    ])('keeps time by the instance’s clock when it runs %s the machine’s', async (_name, offsetMs) => {
      await open(() => new Date(Date.now() + offsetMs));
      const ran = ranIn(store);
      const instanceNow = Date.now() + offsetMs;
      await store.jobs.scheduleAll([
        { queue: 'consult-step', key: 'due', data: { consultId: 'due' }, runAt: new Date(instanceNow) },
        { queue: 'consult-step', key: 'soon', data: { consultId: 'soon' }, runAt: new Date(instanceNow + 600) },
      ]);
      expect(await store.jobRunner.drain(['consult-step'])).toBe(1);
      expect(ran).toEqual(['due']);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await store.jobRunner.drain(['consult-step'])).toBe(1);
      expect(ran).toEqual(['due', 'soon']);
    });

    it('runs a due step while a delivery to a Teams that does not answer is still waiting', async () => {
      await open();
      const ran = ranIn(store);
      let answer: () => void = () => {};
      const teamsAnswers = new Promise<void>((resolve) => (answer = resolve));
      store.jobRunner.handle('outbox-deliver', () => teamsAnswers);
      await store.jobs.schedule({ queue: 'outbox-deliver', key: 'slow', data: {} });
      await store.jobRunner.start();
      await store.jobs.schedule({ queue: 'consult-step', key: 'due', data: { consultId: 'due' }, runAt: new Date(Date.now() + 300) });
      try {
        await expect.poll(() => ran, { timeout: 3_000, interval: 50 }).toEqual(['due']);
      } finally {
        answer();
      }
    });

    it('drains queues in order: a job that a round still running elsewhere puts in a later queue is run before the drain ends', async () => {
      await open();
      const renotified: string[] = [];
      let answer: () => void = () => {};
      const teamsAnswers = new Promise<void>((resolve) => (answer = resolve));
      store.jobRunner.handle('consult-step', async (data) => {
        await teamsAnswers;
        await store.jobs.schedule({ queue: 'consult-renotify', key: String(data.consultId), data });
      });
      store.jobRunner.handle('consult-renotify', async (data) => {
        renotified.push(String(data.consultId));
      });
      await store.jobs.schedule({ queue: 'consult-step', key: 'a', data: { consultId: 'a' } });
      // Another drain (the poll loop, a request) holds the step while this one starts.
      const elsewhere = store.jobRunner.drain(['consult-step']);
      const both = store.jobRunner.drain(['consult-step', 'consult-renotify']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      answer();
      await Promise.all([elsewhere, both]);
      expect(renotified).toEqual(['a']);
    });

    it('runs a failed job again after its retry delay', async () => {
      await open();
      let attempts = 0;
      store.jobRunner.handle('consult-step', async () => {
        attempts++;
        if (attempts === 1) throw new Error('Teams gaf geen antwoord');
      });
      await store.jobs.schedule({ queue: 'consult-step', key: 'flaky', data: {} });
      await store.jobRunner.drain(['consult-step']);
      expect(attempts).toBe(1);
      expect(await store.jobRunner.drain(['consult-step'])).toBe(0);
      // The first retry waits 2 s (PostgreSQL: 2 to 4 s, with jitter).
      await expect.poll(async () => (await store.jobRunner.drain(['consult-step']), attempts), { timeout: 6_000, interval: 250 }).toBe(2);
      expect((await store.jobRunner.depth())['consult-step']).toBe(0);
    });

    if (_name === 'PostgreSQL') it('runs each job once when two instances take jobs at the same time', async () => {
      await open();
      const other = await subject.second();
      const ran = [...Array(2)].map(() => [] as string[]);
      [store, other].forEach((instance, i) => instance.jobRunner.handle('consult-step', async (data) => {
        ran[i]!.push(String(data.key));
      }));
      for (let i = 0; i < 60; i++) await store.jobs.schedule({ queue: 'consult-step', key: `k${i}`, data: { key: `k${i}` } });
      await Promise.all([store.jobRunner.drain(['consult-step']), other.jobRunner.drain(['consult-step']), store.jobRunner.drain(['consult-step'])]);
      const all = [...ran[0]!, ...ran[1]!];
      expect(all).toHaveLength(60);
      expect(new Set(all).size).toBe(60);
    });

    if (_name === 'PostgreSQL') it('keeps no job of a transaction that failed', async () => {
      await open();
      const ran = ranIn(store);
      await expect(store.transaction(async (tx) => {
        await tx.jobs.schedule({ queue: 'consult-step', key: 'rolled-back', data: { consultId: 'x' } });
        await tx.jobs.scheduleAll([{ queue: 'consult-step', key: 'rolled-back-too', data: { consultId: 'y' } }]);
        throw new Error('halverwege mislukt');
      })).rejects.toThrow('halverwege mislukt');
      expect(await store.jobRunner.drain(['consult-step'])).toBe(0);
      expect(ran).toEqual([]);
    });
  });
});

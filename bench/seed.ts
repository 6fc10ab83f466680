import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditFact } from '../src/domain/audit.js';
import * as lifecycle from '../src/domain/consult.js';
import { decline, expire, offerToNextStep } from '../src/domain/paging.js';
import type { Consult } from '../src/domain/consult.js';
import { CONTACT_FORMS, COMPLEXITIES, CONSULT_FORMS, ConsultRequestSchema, DIMENSIONS, SETTINGS, URGENCIES } from '../src/domain/consultRequest.js';
import { localDay } from '../src/domain/calendar.js';
import { contactEntriesFor, OUTCOMES, type ContactLogEntry } from '../src/domain/contactLog.js';
import type { NetworkDirectory } from '../src/domain/directory.js';
import type { Person } from '../src/domain/network.js';
import type { DeathRecord } from '../src/domain/outcomes.js';
import { patientPseudonym } from '../src/domain/references.js';
import type { Router } from '../src/domain/routing.js';
import { AuditWriter } from './auditWriter.js';
import { Random } from './random.js';

/**
 * Seeds a store with documents built by the domain's own functions (newConsult, offerToNextStep,
 * accept, close, contactEntriesFor), so they are what the bot itself would have written: directly
 * in FileStore's layout (see the header of src/store/fileStore.ts), files written without fsync,
 * or in PostgreSQL (bench/postgresSeed.ts). Seeding is set-up, not what is measured.
 */

const DAY_MS = 86_400_000;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const REF_SPACE = 32 ** 4;

/** A unique consult reference per index (a permutation of the 32^4 reference space). */
export function refFor(index: number): string {
  let n = (index * 7919 + 104729) % REF_SPACE;
  let text = '';
  for (let i = 0; i < 4; i++) {
    text = ALPHABET[n % 32]! + text;
    n = Math.floor(n / 32);
  }
  return `C-${text}`;
}

const QUESTIONS = [
  'Toenemende onrust en benauwdheid, palliatieve sedatie overwegen? Graag advies over dosering midazolam.',
  'Pijn ondanks oxycodon 2dd 20 mg, doorbraakpijn 4x per dag. Rotatie naar fentanyl of methadon?',
  'Patiënt met gevorderd longcarcinoom, delier sinds gisteren, familie vraagt om advies over het beleid.',
  'Misselijkheid en braken bij obstructie, maagsonde niet gewenst. Welke anti-emetica zijn zinvol?',
  'Vraag over wilsverklaring en behandelgrenzen; patiënt wil thuis overlijden, mantelzorg raakt overbelast.',
];
const ADVICE = 'Midazolam ophogen naar 30 mg/24 uur via de pomp; morgen telefonisch evalueren met de huisarts.';

export interface SeedNetwork {
  directory: NetworkDirectory;
  router: Router;
}

export interface SeedOptions {
  /** Consults requested in [start, end), in time order. */
  start: Date;
  end: Date;
  /** How many finished consults to write (closed, unanswered or withdrawn). */
  closed: number;
  /** How many consults still in progress (offered or accepted), requested in the last days before `end`. */
  open: number;
  /** Also write the contact log of each closed consult (contacts/<yyyy-mm>/<id>.json). */
  contacts: boolean;
  /** Audit-trail lines per consult (0: no audit trail). */
  auditPerConsult: number;
  /** Share of patients of closed consults whose death is registered (deaths/<ref>.json). */
  deathShare: number;
  patientRefSecret: string;
  /** The bot's AUDIT_KEY: the seeded trail is keyed and checkpointed with it, or start-up refuses it. */
  auditKey: string;
  seed?: number;
  /**
   * The instant whose roster makes the offer plan; by default the request's own. A big network
   * can map instants into one year, so that each roster is indexed once instead of once a year.
   */
  planInstant?: (t: number) => number;
  /** Called every 10,000 consults. */
  progress?: (written: number) => void;
}

export interface SeedResult {
  consults: number;
  open: number;
  contacts: number;
  files: number;
  bytes: number;
  auditLines: number;
  ms: number;
}

/** The requesters (GPs) per sub-region, so a consult comes from someone in its own region. */
function requestersBySubRegion(directory: NetworkDirectory): Map<string, Person[]> {
  const map = new Map<string, Person[]>();
  for (const region of directory.regions) {
    const generalists = region.people.filter((p) => p.role === 'generalist');
    for (const subRegion of region.subRegions) {
      const home = generalists.filter((p) => directory.homeSubRegionOf(p)?.id === subRegion.id);
      map.set(subRegion.id, home.length > 0 ? home : generalists);
    }
  }
  return map;
}

/** One consult as the seeder made it, with what belongs to it. */
export interface SeededConsult {
  consult: Consult;
  /** The GP's handle on the status card of an open consult. */
  card?: { personId: string; handle: string };
  /** Its contact log entries (only with options.contacts). */
  contacts: ContactLogEntry[];
  death?: DeathRecord;
  facts: AuditFact[];
}

/**
 * The consults of a store in request order, made by the domain's own functions; each storage
 * layout writes them its own way (seedStore below for the file store, bench/postgresSeed.ts).
 */
export function* seedRecords(network: SeedNetwork, options: SeedOptions): Generator<SeededConsult> {
  const random = new Random(options.seed ?? 7);
  const { directory, router } = network;
  const requesters = requestersBySubRegion(directory);
  const subRegions = [...requesters.keys()].filter((id) => requesters.get(id)!.length > 0);
  const total = options.closed + options.open;
  const span = options.end.getTime() - options.start.getTime();
  const openWindow = 3 * DAY_MS;

  for (let i = 0; i < total; i++) {
    const isOpen = i >= options.closed;
    // Closed consults spread evenly over the span (minus the last days). Open ones: most are
    // accepted (a conversation in progress) in the last days; one in ten is still being offered,
    // requested in the last minute, so that its step deadline lies ahead and start-up has no
    // escalation to run.
    const stillOffered = isOpen && random.chance(0.1);
    const t = !isOpen
      ? options.start.getTime() + ((i + random.next()) * (span - openWindow)) / Math.max(1, options.closed)
      : stillOffered
        ? options.end.getTime() - random.int(60_000)
        : options.end.getTime() - openWindow + ((i - options.closed + random.next()) * (openWindow - DAY_MS)) / Math.max(1, options.open);
    const subRegionId = random.pick(subRegions);
    const requester = random.pick(requesters.get(subRegionId)!);
    const request = ConsultRequestSchema.parse({
      patientInitials: `${ALPHABET[10 + random.int(20)]}.${ALPHABET[10 + random.int(20)]}.`,
      patientBirthYear: String(1925 + random.int(40)),
      localPatientNumber: random.chance(0.6) ? `HIS-${random.between(1000, 99999)}` : '',
      setting: random.pick(SETTINGS),
      subRegionId,
      form: random.pick(CONSULT_FORMS),
      // A request still being offered is a 'deze-week' one from the last minute: its step
      // deadline is hours ahead, so a bot started on this store has no escalation to run.
      urgency: stillOffered ? 'deze-week' : random.pick(URGENCIES),
      complexity: random.pick(COMPLEXITIES),
      dimensions: DIMENSIONS.filter((_, k) => k === 0 || random.chance(0.3)),
      question: random.pick(QUESTIONS),
      callbackPhone: '046 411 0101',
    });
    const now = new Date(t);
    const { period, plan } = router.plan(subRegionId, request.urgency, options.planInstant ? options.planInstant(t) : t);
    let consult: Consult = lifecycle.newConsult({
      id: random.uuid(),
      ref: refFor(i),
      formId: random.uuid(),
      requesterId: requester.id,
      patientRef: patientPseudonym(options.patientRefSecret, {
        initials: request.patientInitials,
        birthYear: request.patientBirthYear,
        localPatientNumber: request.localPatientNumber,
        organisationId: requester.organisationId,
      }),
      request,
      period,
      plan,
      now,
    });
    const facts: AuditFact[] = [];
    const fact = (at: Date, actor: Person | undefined, action: string): void => {
      if (facts.length < options.auditPerConsult) {
        facts.push({ at: at.toISOString(), actorId: actor?.id ?? 'systeem', actorRole: actor?.role ?? 'systeem', action, result: 'toegestaan', patientRef: consult.patientRef, objectId: consult.id, channel: 'msteams', tenantId: 'tenant-demo' });
      }
    };
    fact(now, requester, 'consult.submit');
    consult = step(offerToNextStep(consult, now, () => true), consult);
    const firstOffer = consult.offers.find((o) => !o.outcome);
    if (firstOffer) fact(now, directory.person(firstOffer.personId), 'consult.offer');

    const fate = isOpen ? random.next() * 0.9 : random.next();
    let at = t;
    const later = (minMinutes: number, maxMinutes: number) => new Date((at += random.between(minMinutes, maxMinutes) * 60_000));
    let contactEntries: ContactLogEntry[] = [];
    if (consult.status === 'aangeboden' && !stillOffered) {
      if (fate > 0.95) {
        consult = step(lifecycle.withdraw(consult, requester.id, later(1, 30)), consult);
      } else if (fate > 0.9) {
        // Nobody answers: every step times out.
        for (let guard = 0; consult.status === 'aangeboden' && consult.stepDeadline && guard < 10; guard++) {
          at = Date.parse(consult.stepDeadline);
          consult = step(expire(consult, new Date(at), () => true), consult);
        }
      } else {
        if (fate > 0.8) {
          const first = consult.offers.find((o) => !o.outcome)!;
          consult = step(decline(consult, first.personId, 'In een ander consult', later(1, 5), () => true), consult);
        }
        const taker = consult.offers.find((o) => !o.outcome);
        if (taker) {
          consult = step(lifecycle.accept(consult, taker.personId, later(1, 45)), consult);
          const specialist = directory.person(taker.personId);
          fact(new Date(at), specialist, 'consult.accept');
          for (let m = random.int(4); m > 0; m--) {
            const from = m % 2 ? taker.personId : requester.id;
            consult = step(lifecycle.addMessage(consult, from, 'Hoeveel midazolam krijgt zij nu en hoe is de ademhaling?', later(1, 60)), consult);
          }
          if (!isOpen) {
            const closedAt = later(30, 3 * 24 * 60);
            // Each contact at the accept, in Dutch local time, as the close form suggests.
            const accepted = localDay(new Date(consult.acceptedAt!));
            const time = `${String(Math.floor(accepted.minute / 60)).padStart(2, '0')}:${String(accepted.minute % 60).padStart(2, '0')}`;
            const input = {
              contacts: Array.from({ length: random.chance(0.5) ? 1 : random.chance(0.7) ? 2 : 3 }, () => ({ form: random.pick(CONTACT_FORMS), minutes: random.between(5, 90), date: accepted.date, time })),
              outcome: random.pick(OUTCOMES),
              adviceSummary: ADVICE,
            };
            const closing = lifecycle.close(consult, taker.personId, { outcome: input.outcome, adviceSummary: input.adviceSummary, contactIds: [] }, closedAt);
            contactEntries = contactEntriesFor(consult, input, directory, () => consult.period, closedAt);
            consult = step(closing, consult);
            consult = { ...consult, closure: { ...consult.closure!, contactIds: contactEntries.map((c) => c.id) } };
            fact(closedAt, specialist, 'consult.close');
          }
        }
      }
    }
    if (!isOpen && lifecycle.isOpen(consult)) {
      // No-one could be offered the consult and it is not finished: give it up as unanswered.
      consult = { ...consult, status: 'niet-beantwoord', closedAt: new Date(at).toISOString(), stepDeadline: undefined, version: consult.version + 1 };
    }

    let death: DeathRecord | undefined;
    if (!isOpen && options.deathShare > 0 && random.chance(options.deathShare)) {
      const region = directory.regionOfSubRegion(subRegionId)!;
      death = {
        patientRef: consult.patientRef,
        regionId: region.id,
        dateOfDeath: new Date(at + random.between(1, 30) * DAY_MS).toISOString().slice(0, 10),
        place: random.pick(['thuis', 'hospice', 'verpleeghuis', 'ziekenhuis', 'onbekend'] as const),
        notUnexpected: random.chance(0.8),
        recordedBy: requester.id,
        recordedAt: new Date(at + 31 * DAY_MS).toISOString(),
      };
    }
    while (facts.length < options.auditPerConsult) fact(new Date(at), requester, 'consult.view');
    yield {
      consult,
      ...(lifecycle.isOpen(consult) ? { card: { personId: requester.id, handle: `act-${i}` } } : {}),
      contacts: options.contacts ? contactEntries : [],
      ...(death ? { death } : {}),
      facts,
    };
    if (options.progress && (i + 1) % 10_000 === 0) options.progress(i + 1);
  }
}

/** Seeds a store directly in FileStore's layout (see the header of src/store/fileStore.ts). */
export function seedStore(root: string, network: SeedNetwork, options: SeedOptions): SeedResult {
  const started = performance.now();
  const madeDirs = new Set<string>();
  let files = 0;
  let bytes = 0;
  const write = (dir: string, name: string, data: unknown) => {
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const text = JSON.stringify(data);
    writeFileSync(join(dir, name), text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  const audit = new AuditWriter(root, options.auditKey);
  let contacts = 0;
  for (const { consult, card, contacts: entries, death, facts } of seedRecords(network, options)) {
    const name = `${consult.ref}.${consult.id}.json`;
    if (lifecycle.isOpen(consult)) write(join(root, 'consults', 'open'), name, consult);
    else write(join(root, 'consults', 'closed', consult.closedAt!.slice(0, 7)), name, consult);
    if (card) write(join(root, 'cards'), `${consult.id}.json`, { [card.personId]: card.handle });
    for (const entry of entries) write(join(root, 'contacts', entry.occurredAt.slice(0, 7)), `${entry.regionId}.${entry.id}.json`, entry);
    contacts += entries.length;
    if (death) write(join(root, 'deaths'), `${consult.patientRef}.json`, death);
    audit.add(facts);
  }
  audit.close();
  return { consults: options.closed + options.open, open: options.open, contacts, files: files + audit.files.size, bytes: bytes + audit.bytes, auditLines: audit.lines, ms: performance.now() - started };
}

function step(transition: lifecycle.Transition, current: Consult): Consult {
  return transition.ok ? transition.consult : current;
}

import { z } from 'zod/v4';
import { standIn, type Absence } from '../domain/absence.js';
import type { Consult } from '../domain/consult.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { EffectiveShift, RosterConfig } from '../domain/roster.js';
import type { Router } from '../domain/routing.js';
import type { JobScheduler } from '../jobs/jobs.js';
import type { Storage } from '../store/store.js';
import type { BotAudit } from './botAudit.js';
import { longWeekdayDateTime, localRange } from './format.js';

const DAY_MS = 86_400_000;
/** How long before a shift the coordinators hear that someone in it cannot be reached. */
const WARNING_AHEAD_MS = DAY_MS;

const DutySchema = z.object({ rosterId: z.string(), at: z.iso.datetime() });
const AbsenceEndSchema = z.object({ absenceId: z.string(), until: z.iso.datetime() });

/** How the duties reach people: one chat message, and who can be reached at all. */
export interface DutyMessenger {
  reachable(personIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** Sends a chat message; false when the person cannot be reached. */
  send(personId: string, text: string): Promise<boolean>;
}

const POSITION_LABELS = { primary: 'dienstdoende', backup: 'achterwacht' } as const;

/**
 * The roster's own chains of jobs, one pair per roster, each keyed by the instant it is for, so
 * every instance and every restart plans the same job and it runs once:
 * - `roster-handover` at the start of each on-call shift: the incoming specialist gets the role,
 *   until when, the pool's open consults and the outgoing specialist's note;
 * - `roster-warnings` 24 hours before each shift: coordinators hear of anyone in it the bot cannot reach.
 */
export class RosterDuties {
  constructor(
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly router: Router,
    private readonly messenger: DutyMessenger,
    private readonly audit: BotAudit,
    private readonly clock: () => Date,
    private readonly refreshRouting: () => Promise<void>,
  ) {}

  /** Plans each roster's next hand-over and next warning from now (routing refreshed); what is already planned stays. */
  async planAll(): Promise<void> {
    const now = this.clock().getTime();
    for (const roster of this.router.rosters) {
      await this.planHandover(roster, now);
      // Only shifts whose warning is still to come: a warning already given is not planned again.
      await this.planWarning(roster, now + WARNING_AHEAD_MS);
    }
  }

  async handover(data: unknown): Promise<void> {
    const duty = this.dutyOf(data);
    if (!duty) return;
    const { roster, at } = duty;
    if (await this.waitedFor('roster-handover', data, at)) return;
    await this.refreshRouting();
    // Caught up after a long stop, the chain goes on from now, not through every hand-over missed.
    await this.planHandover(roster, Math.max(at, this.clock().getTime()));
    // On a public holiday an office roster is not in force (consults go to the ANW roster): nobody takes it over. The
    // chain no longer plans one (upcomingHandover), but a job planned before that change may still fall on a holiday.
    if (!this.inForce(roster, at)) return;
    const absences = this.router.adjustments.absences();
    const rostered = this.router.onCall(roster, at).primary;
    const incoming = rostered ? standIn(rostered, absences, at) : undefined;
    const previous = this.router.onCall(roster, at - 1).primary;
    const outgoing = previous ? standIn(previous, absences, at - 1) : undefined;
    // A swap or an absence may have moved the hand-over this job was planned for.
    if (!incoming || incoming === outgoing) return;
    const shift = this.router.effectiveShifts(roster, at, at + 8 * DAY_MS).find((s) => s.position === 'primary' && s.start === at);
    // Caught up after a long stop: a hand-over for a shift that is already over helps nobody.
    if (shift && shift.end <= this.clock().getTime()) return;
    const note = await this.store.handoverNotes.get(roster.id, new Date(at));
    const open = (await this.store.consults.open()).filter((consult) => this.router.subRegionsOf(roster).includes(consult.request.subRegionId));
    const text = [
      `**Overdracht: u heeft nu dienst** (${roster.name})`,
      `Rol: ${this.router.primaryRoleOf(roster)}${rostered !== incoming ? `, als vervanger van ${this.nameOf(rostered)}` : ''}`,
      `Tot: ${shift ? longWeekdayDateTime(shift.end) : 'nader bericht'}`,
      open.length === 0 ? 'Open consulten in de pool: geen' : `Open consulten in de pool (${open.length}):\n${open.map((c) => `- ${consultLine(c)}`).join('\n')}`,
      note ? `Overdracht van ${this.nameOf(note.authorId)}: ${note.text}` : `Geen overdrachtsnotitie van ${outgoing ? this.nameOf(outgoing) : 'uw voorganger'}.`,
    ].join('\n\n');
    const sent = await this.messenger.send(incoming, text);
    const person = this.directory.person(incoming);
    await this.audit.record(person ? { person } : {}, 'roster.handover', sent ? 'toegestaan' : 'mislukt', {
      objectId: roster.id,
      detail: `overdracht ${new Date(at).toISOString()}${note ? ' met notitie' : ''}${sent ? '' : ': niet bereikbaar via de chat'}`,
    });
  }

  async warn(data: unknown): Promise<void> {
    const duty = this.dutyOf(data);
    if (!duty) return;
    const { roster, at } = duty;
    if (await this.waitedFor('roster-warnings', data, at - WARNING_AHEAD_MS)) return;
    await this.refreshRouting();
    const now = this.clock().getTime();
    await this.planWarning(roster, Math.max(at, now + WARNING_AHEAD_MS));
    // A warning for a shift that has begun comes too late to help; the audit of the hand-over says the rest.
    if (at <= now) return;
    const absences = this.router.adjustments.absences();
    // An office shift on a public holiday is not worked: nobody needs warning about it.
    const starting = this.router.effectiveShifts(roster, at, at + 8 * DAY_MS).filter((s) => s.start === at && this.inForce(roster, s.start));
    const people = starting.map((shift) => ({ shift, personId: standIn(shift.personId, absences, at) })).filter((p): p is { shift: EffectiveShift; personId: string } => Boolean(p.personId));
    const reachable = await this.messenger.reachable(people.map((p) => p.personId));
    const unreachable = people.filter((p) => !reachable.has(p.personId));
    if (unreachable.length === 0) return;
    for (const coordinator of this.coordinatorsFor(roster)) {
      for (const { shift, personId } of unreachable) {
        const text =
          `⚠ ${this.nameOf(personId)} heeft over 24 uur dienst (${POSITION_LABELS[shift.position]}, ${roster.name}, ${localRange(shift.start, shift.end)}), ` +
          'maar is niet bereikbaar via de chat: de bot is bij deze persoon nog niet geïnstalleerd. Een consult in die dienst gaat dan aan hem of haar voorbij. ' +
          'Vraag om de bot te installeren, of regel een vervanger of ruil.';
        const sent = await this.messenger.send(coordinator.id, text);
        await this.audit.record({ person: coordinator }, 'roster.unreachable-warning', sent ? 'toegestaan' : 'mislukt', {
          objectId: roster.id,
          detail: `${personId} niet bereikbaar voor dienst ${new Date(shift.start).toISOString()}`,
        });
      }
    }
  }

  /** Plans the end of an absence, the moment it stops by itself, on `jobs` (a transaction's, to store it with the absence). */
  async planAbsenceEnd(absence: Absence, jobs: JobScheduler = this.store.jobs): Promise<void> {
    await jobs.schedule({ queue: 'roster-absence-end', key: absence.id, data: { absenceId: absence.id, until: absence.until }, runAt: new Date(absence.until) });
  }

  /** An absence ran to the time given (not ended early): its owner hears that consults come to them again. */
  async endAbsence(data: unknown): Promise<void> {
    const parsed = AbsenceEndSchema.safeParse(data);
    if (!parsed.success) return;
    const until = Date.parse(parsed.data.until);
    const absence = (await this.store.absences.endingAfter(new Date(until - 1))).find((a) => a.id === parsed.data.absenceId);
    if (!absence || Date.parse(absence.until) !== until) return;
    if (await this.waitedFor('roster-absence-end', data, until)) return;
    await this.refreshRouting();
    const sent = await this.messenger.send(absence.personId, 'Uw afwezigheid is voorbij: consulten komen weer bij u volgens het rooster.');
    const person = this.directory.person(absence.personId);
    await this.audit.record(person ? { person } : {}, 'roster.away-ended', 'toegestaan', { objectId: absence.id, detail: `afwezigheid afgelopen${sent ? '' : ', eigenaar niet bereikbaar'}` });
  }

  /**
   * A job that came before its time by this instance's clock (the queue's clock, or another
   * instance's, runs ahead) is planned again for its time, under a key of its own, and does nothing now.
   */
  private async waitedFor(queue: 'roster-handover' | 'roster-warnings' | 'roster-absence-end', data: unknown, dueAt: number): Promise<boolean> {
    const now = this.clock();
    if (dueAt <= now.getTime()) return false;
    const key = `${JSON.stringify(data)}:again:${now.toISOString()}`;
    await this.store.jobs.schedule({ queue, key, data: data as Record<string, unknown>, runAt: new Date(dueAt) });
    return true;
  }

  /**
   * Whether the roster answers at the start of a shift. Only an office roster is asked: the ANW pool's week changes hands
   * on Monday 08:00, before its first evening, and the incoming specialist hears of it then.
   */
  private inForce(roster: RosterConfig, at: number): boolean {
    return roster.covers.kind !== 'office' || this.router.answersAt(roster, at);
  }

  /** The coordinators of every region the roster answers for. */
  private coordinatorsFor(roster: RosterConfig) {
    const regionIds = new Set(this.router.subRegionsOf(roster).map((id) => this.directory.regionOfSubRegion(id)?.id).filter((id): id is string => Boolean(id)));
    return [...regionIds].flatMap((id) => this.directory.coordinatorsOf(id));
  }

  private async planHandover(roster: RosterConfig, after: number): Promise<void> {
    const next = this.router.upcomingHandover(roster, after);
    if (!next) return;
    const at = new Date(next.at);
    await this.store.jobs.schedule({ queue: 'roster-handover', key: `${roster.id}:${at.toISOString()}`, data: { rosterId: roster.id, at: at.toISOString() }, runAt: at });
  }

  /** Plans the warning for the roster's first shift that starts after `after`. */
  private async planWarning(roster: RosterConfig, after: number): Promise<void> {
    const next = this.router.effectiveShifts(roster, after, after + 8 * DAY_MS).find((s) => s.start > after);
    if (!next) return;
    const at = new Date(next.start);
    await this.store.jobs.schedule({
      queue: 'roster-warnings',
      key: `${roster.id}:${at.toISOString()}`,
      data: { rosterId: roster.id, at: at.toISOString() },
      runAt: new Date(next.start - WARNING_AHEAD_MS),
    });
  }

  private dutyOf(data: unknown): { roster: RosterConfig; at: number } | undefined {
    const parsed = DutySchema.safeParse(data);
    const roster = parsed.success ? this.router.rosters.find((r) => r.id === parsed.data.rosterId) : undefined;
    return parsed.success && roster ? { roster, at: Date.parse(parsed.data.at) } : undefined;
  }

  private nameOf(personId: string | undefined): string {
    return this.directory.person(personId ?? '')?.name ?? 'onbekend';
  }
}

const URGENCY_LABELS: Record<string, string> = { spoed: 'spoed', vandaag: 'vandaag', 'deze-week': 'deze week' };

/** One open consult as the hand-over lists it: reference, urgency and status, no patient data. */
function consultLine(consult: Consult): string {
  return `${consult.ref} · ${URGENCY_LABELS[consult.request.urgency] ?? consult.request.urgency} · ${consult.status}`;
}


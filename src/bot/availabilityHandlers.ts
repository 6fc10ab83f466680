import { randomUUID } from 'node:crypto';
import type { Application } from '@microsoft/teams-ai';
import { ABSENCE_COMMAND, absentAt, AVAILABLE_AGAIN_COMMAND, parseAbsence, type Absence } from '../domain/absence.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import { permittedPerson, refusedText, type BotDependencies } from './context.js';
import { longWeekdayDateTime, localWeekdayTime } from './format.js';

export const HANDOVER_NOTE_COMMAND = /^\s*overdracht\s*:\s*([\s\S]*)$/i;

const normalName = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** The person the name is of (case and spacing aside), when it is exactly one. */
function personNamed(directory: NetworkDirectory, name: string): Person | undefined {
  const matches = directory.regions.flatMap((region) => region.people).filter((person) => normalName(person.name) === normalName(name));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * "afwezig tot …[, vervanger …]", "geen consulten tot …", "weer beschikbaar" and "overdracht: …":
 * what a specialist says about their own availability. Each change is audited before it is confirmed.
 */
export function registerAvailabilityHandlers(app: Application, deps: BotDependencies): void {
  const { directory, router, clock, store, audit } = deps;

  /** The person's absences that hold now or are yet to come. */
  const currentOf = async (personId: string) => (await store.absences.endingAfter(clock())).filter((absence) => absence.personId === personId);

  /** Ends these absences now, so a new one or "weer beschikbaar" leaves exactly one in force. */
  const end = async (absences: readonly Absence[]) => {
    const at = clock().toISOString();
    for (const absence of absences) await store.absences.save({ ...absence, endedAt: at });
  };

  app.message(ABSENCE_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'roster.away');
    if (!person) return;
    const now = clock();
    const parsed = parseAbsence(context.activity.text ?? '', now);
    if (parsed.kind === 'problem') {
      await audit.record({ context, person }, 'roster.away', 'geweigerd', { detail: 'onleesbare afwezigheid' });
      await context.sendActivity(parsed.message);
      return;
    }
    let replacement: Person | undefined;
    if (parsed.replacementName) {
      replacement = personNamed(directory, parsed.replacementName);
      const refusal = !replacement
        ? `Ik ken geen specialist PZ met de naam '${parsed.replacementName}'. Er is niets gewijzigd.`
        : replacement.id === person.id
          ? 'U kunt niet uw eigen vervanger zijn. Er is niets gewijzigd.'
          : replacement.role !== 'specialist' || !router.areColleagues(person.id, replacement.id)
            ? `${replacement.name} kan u niet vervangen: alleen een specialist PZ van hetzelfde rooster of dezelfde pool kan dat. Er is niets gewijzigd.`
            : undefined;
      if (refusal) {
        await audit.record({ context, person }, 'roster.away', 'geweigerd', { detail: 'vervanger niet toegestaan' });
        await context.sendActivity(refusal);
        return;
      }
    }
    const absence: Absence = {
      id: randomUUID(),
      personId: person.id,
      kind: parsed.kind,
      from: now.toISOString(),
      until: parsed.until.toISOString(),
      ...(replacement ? { replacementId: replacement.id } : {}),
    };
    await end(await currentOf(person.id));
    await store.transaction(async (tx) => {
      await tx.absences.save(absence);
      await deps.duties.planAbsenceEnd(absence, tx.jobs);
    });
    await deps.refreshRouting();
    const until = longWeekdayDateTime(parsed.until.getTime());
    await audit.record({ context, person }, 'roster.away', 'toegestaan', { objectId: absence.id, detail: `${absence.kind} tot ${absence.until}${replacement ? `, vervanger ${replacement.id}` : ''}` });
    const what = parsed.kind === 'afwezig' ? 'afwezig' : 'niet beschikbaar voor consulten';
    await context.sendActivity(
      `U staat ${what} tot ${until}. ` +
        (replacement ? `Consulten voor u gaan in die tijd naar ${replacement.name}.` : 'Consulten gaan in die tijd aan u voorbij, naar de volgende in de keten.') +
        " Typ 'weer beschikbaar' als u eerder terug bent.",
    );
    if (replacement) {
      await deps.notifier.inConversation(replacement.id, (chat) => chat.sendActivity(`${person.name} is ${what} tot ${until} en heeft u als vervanger opgegeven: consulten voor ${person.name} komen in die tijd bij u.`));
    }
  });

  app.message(AVAILABLE_AGAIN_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'roster.away');
    if (!person) return;
    const current = await currentOf(person.id);
    if (current.length === 0) {
      await context.sendActivity('U stond niet afwezig. Er is niets gewijzigd.');
      return;
    }
    await end(current);
    await deps.refreshRouting();
    await audit.record({ context, person }, 'roster.available', 'toegestaan', { objectId: current[0]!.id, detail: 'afwezigheid eerder beëindigd' });
    await context.sendActivity('Welkom terug: u bent weer beschikbaar voor consulten volgens het rooster.');
  });

  app.message(HANDOVER_NOTE_COMMAND, async (context) => {
    const person = await permittedPerson(context, deps, 'roster.away');
    if (!person) return;
    const text = HANDOVER_NOTE_COMMAND.exec(context.activity.text ?? '')?.[1]?.trim() ?? '';
    if (!text) {
      await context.sendActivity("Schrijf de notitie achter 'overdracht:', bijvoorbeeld 'overdracht: C-7F3K wacht op terugbellen van de huisarts'.");
      return;
    }
    if (await refusedText(context, deps, person, 'roster.handover-note', text)) return;
    const now = clock().getTime();
    await deps.refreshRouting();
    const handovers = router.rosters
      .filter((roster) => router.onCall(roster, now).primary === person.id)
      .flatMap((roster) => {
        const next = router.upcomingHandover(roster, now);
        return next ? [{ roster, next }] : [];
      });
    if (handovers.length === 0) {
      await context.sendActivity('U heeft nu geen dienst als dienstdoende; een overdracht is voor wie na u dienst heeft. Er is niets bewaard.');
      return;
    }
    for (const { roster, next } of handovers) {
      await store.handoverNotes.save({ rosterId: roster.id, handoverAt: new Date(next.at).toISOString(), authorId: person.id, text, writtenAt: new Date(now).toISOString() });
      await audit.record({ context, person }, 'roster.handover-note', 'toegestaan', { objectId: roster.id, detail: `voor de overdracht van ${new Date(next.at).toISOString()}` });
    }
    const lines = handovers.map(({ roster, next }) => `- ${roster.name}: ${localWeekdayTime(next.at)} aan ${directory.person(next.primary)?.name ?? next.primary}`);
    await context.sendActivity(`Uw overdracht is bewaard en gaat bij de wissel mee:\n\n${lines.join('\n')}`);
  });
}

/** "Els Vermeulen: afwezig tot vr 27 nov. 17:00, vervanger Frank Geurts", for the roster card. */
export function absenceLine(absence: Absence, directory: NetworkDirectory, now: number): string {
  const name = directory.person(absence.personId)?.name ?? absence.personId;
  const replacement = absence.replacementId ? `, vervanger ${directory.person(absence.replacementId)?.name ?? absence.replacementId}` : ', geen vervanger';
  const what = absence.kind === 'afwezig' ? 'afwezig' : 'geen consulten';
  const from = absentAt(absence, now) ? '' : ` vanaf ${localWeekdayTime(Date.parse(absence.from))}`;
  return `${name}: ${what}${from} tot ${localWeekdayTime(Date.parse(absence.until))}${replacement}`;
}

import { OUTCOME_LABELS } from '../domain/contactLog.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Notice } from '../services/consultService.js';

/** The chat message for each notice, in the users' own words. */
export function noticeText(notice: Notice, directory: NetworkDirectory): string {
  const { consult } = notice;
  const name = (personId: string | undefined) => directory.person(personId ?? '')?.name ?? 'een collega';
  switch (notice.kind) {
    case 'skipped':
      return (
        `Consult ${consult.ref}: nog niet bereikbaar via de chat en daarom overgeslagen: ${notice.personIds.map(name).join(', ')}. ` +
        `Zij hebben de bot nog niet geïnstalleerd.`
      );
    case 'accepted': {
      const holder = directory.person(consult.acceptedBy ?? '');
      return (
        `Consult ${consult.ref} is geaccepteerd door ${holder?.name ?? 'een specialist PZ'}` +
        `${holder ? ` (${holder.discipline}, telefoon ${holder.phone})` : ''}. U kunt hier direct antwoorden.`
      );
    }
    case 'unanswered': {
      const region = directory.regionOfSubRegion(consult.request.subRegionId);
      return `Consult ${consult.ref}: er is via de chat geen specialist PZ bereikbaar. ${region?.fallback.instruction ?? ''}`.trim();
    }
    case 'withdrawn':
      return `Consult ${consult.ref} is door de aanvrager ingetrokken. U hoeft niets meer te doen.`;
    case 'relayed':
      return `[${consult.ref}] ${name(notice.fromPersonId)}: ${notice.text}`;
    case 'undelivered':
      return (
        `Let op, consult ${consult.ref}: een bericht aan ${name(notice.personId)} kon na herhaalde pogingen niet via Teams worden bezorgd. ` +
        `Neem contact op met ${name(notice.personId)}, of zorg dat het consult op een andere manier wordt opgepakt.`
      );
    case 'closed': {
      const outcome = consult.closure ? OUTCOME_LABELS[consult.closure.outcome as keyof typeof OUTCOME_LABELS] : '';
      return `Consult ${consult.ref} is afgerond door ${name(consult.acceptedBy)}. Uitkomst: ${outcome}. Advies: ${consult.closure?.adviceSummary ?? ''}`;
    }
  }
}

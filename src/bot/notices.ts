import { OUTCOME_LABELS } from '../domain/contactLog.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { RelayedMessage } from '../domain/consult.js';
import type { Notice } from '../services/consultService.js';

/** A message's text, with its file as a link the recipient can open in Teams. */
export function messageWithFile(message: Pick<RelayedMessage, 'text' | 'file'>): string {
  return [message.text, message.file ? `📎 [${message.file.name}](${message.file.url})` : ''].filter(Boolean).join('\n\n');
}

/** The chat message for each notice, in the users' own words. */
export function noticeText(notice: Notice, directory: NetworkDirectory): string {
  const { consult } = notice;
  const name = (personId: string | undefined) => directory.person(personId ?? '')?.name ?? 'een collega';
  switch (notice.kind) {
    case 'skipped':
      return (
        `Consult ${consult.ref}: nog niet bereikbaar via de chat en daarom overgeslagen: ${notice.personIds.map(name).join(', ')}. ` +
        `${notice.personIds.length === 1 ? 'Deze specialist heeft' : 'Zij hebben'} de bot nog niet geïnstalleerd.`
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
      return `Consult ${consult.ref} is door de aanvrager ingetrokken${consult.withdrawReason ? `. Reden: “${consult.withdrawReason}”` : ''}. U hoeft niets meer te doen.`;
    case 'relayed':
      return `[${consult.ref}] ${name(notice.fromPersonId)}: ${notice.text}`;
    case 'fileShared':
      return `[${consult.ref}] ${name(notice.fromPersonId)} stuurt een bestand: ${messageWithFile(notice)}`;
    case 'supplemented':
      return `[${consult.ref}] Aanvulling van ${name(notice.supplement.fromPersonId)} op de aanvraag: ${messageWithFile(notice.supplement)}`;
    case 'closed': {
      const outcome = consult.closure ? OUTCOME_LABELS[consult.closure.outcome as keyof typeof OUTCOME_LABELS] : '';
      return `Consult ${consult.ref} is afgerond door ${name(consult.acceptedBy)}. Uitkomst: ${outcome}. Advies: ${consult.closure?.adviceSummary ?? ''}`;
    }
  }
}

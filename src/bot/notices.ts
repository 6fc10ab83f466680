import { LABELS } from '../domain/consultRequest.js';
import { OUTCOME_LABELS } from '../domain/contactLog.js';
import { chainDoneAlert, chainDoneText, movedOnText, namesList, type Words } from '../domain/offerProgress.js';
import { localClock, onDayAtTime } from './format.js';
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
  const urgency = LABELS.urgency[consult.request.urgency].toLowerCase();
  const region = directory.regionOfSubRegion(consult.request.subRegionId);
  const words: Words = { name, clock: localClock, moment: onDayAtTime };
  switch (notice.kind) {
    case 'skipped': {
      const one = notice.personIds.length === 1;
      return (
        `Consult ${consult.ref} (${urgency}): ${namesList(notice.personIds.map(name))} ${one ? 'is' : 'zijn'} niet bereikbaar via de chat, ` +
        `want ${one ? 'heeft' : 'hebben'} PZ-Consultbot in Teams nog niet geïnstalleerd, en ${one ? 'is' : 'zijn'} overgeslagen. ` +
        `Het consult is doorgegaan naar de volgende stap. Vraag ${one ? 'deze collega' : 'deze collega’s'} de app te installeren.`
      );
    }
    case 'escalated':
      return `Consult ${consult.ref}: ${movedOnText(consult, words)}`;
    case 'reminder':
      return `Herinnering: consult ${consult.ref} (${urgency}) wacht nog op uw reactie, sinds ${localClock(consult.stepLog[0]?.at ?? consult.createdAt)}. Accepteer of weiger het op de kaart.`;
    case 'exhausted': {
      const requester = directory.person(consult.requesterId);
      return (
        `Let op, consult ${consult.ref} (${urgency}): ${chainDoneAlert(consult, words)} ` +
        `Zorg dat iemand het oppakt${requester ? `, of bel de aanvrager, ${requester.name}, op ${consult.request.callbackPhone || requester.phone}` : ''}.`
      );
    }
    case 'accepted': {
      const holder = directory.person(consult.acceptedBy ?? '');
      return (
        `Consult ${consult.ref} is geaccepteerd door ${holder?.name ?? 'een specialist PZ'}` +
        `${holder ? ` (${holder.discipline}, telefoon ${holder.phone})` : ''}. U kunt hier direct antwoorden.`
      );
    }
    case 'unanswered':
      return `Consult ${consult.ref}: ${chainDoneText(consult, words)} ${region?.fallback.instruction ?? ''}`.trim();
    case 'withdrawn':
      return `Consult ${consult.ref} is door de aanvrager ingetrokken${consult.withdrawReason ? `. Reden: “${consult.withdrawReason}”` : ''}. U hoeft niets meer te doen.`;
    case 'relayed':
      return `[${consult.ref}] ${name(notice.fromPersonId)}: ${notice.text}`;
    case 'undelivered':
      return (
        `Let op, consult ${consult.ref}: een bericht aan ${name(notice.personId)} kon na herhaalde pogingen niet via Teams worden bezorgd. ` +
        `Neem contact op met ${name(notice.personId)}, of zorg dat het consult op een andere manier wordt opgepakt.`
      );
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

import { pendingOffers } from '../domain/consult.js';
import { LABELS } from '../domain/consultRequest.js';
import { OUTCOME_LABELS } from '../domain/contactLog.js';
import { localClock } from './format.js';
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
  switch (notice.kind) {
    case 'skipped': {
      const one = notice.personIds.length === 1;
      return (
        `Consult ${consult.ref} (${urgency}): ${namesList(notice.personIds.map(name))} ${one ? 'is' : 'zijn'} niet bereikbaar via de chat, ` +
        `want ${one ? 'heeft' : 'hebben'} PZ-Consultbot in Teams nog niet geïnstalleerd, en ${one ? 'is' : 'zijn'} overgeslagen. ` +
        `Het consult is doorgegaan naar de volgende stap. Vraag ${one ? 'deze collega' : 'deze collega’s'} de app te installeren.`
      );
    }
    case 'escalated': {
      const step = consult.plan[consult.stepIndex];
      const holders = pendingOffers(consult).filter((offer) => step?.personIds.includes(offer.personId)).map((offer) => name(offer.personId));
      const deadline = consult.stepDeadline ? `; reactie uiterlijk ${localClock(consult.stepDeadline)}` : '';
      const again = consult.stepLog.at(-1)?.trigger === 'repeat' ? 'opnieuw aangeboden aan' : 'nu ook aangeboden aan';
      const to = holders.length ? `${namesList(holders)}, ${lowerFirst(step?.label ?? 'specialist PZ')}` : (step?.label ?? 'de volgende specialist PZ');
      return `Consult ${consult.ref}: nog geen reactie. Het wordt ${again} ${to}${deadline}. Eerdere aanbiedingen blijven staan.`;
    }
    case 'reminder':
      return `Herinnering: consult ${consult.ref} (${urgency}) wacht nog op uw reactie, sinds ${localClock(consult.stepLog[0]?.at ?? consult.createdAt)}. Accepteer of weiger het op de kaart.`;
    case 'exhausted': {
      const open = pendingOffers(consult).length;
      const requester = directory.person(consult.requesterId);
      return (
        `Let op, consult ${consult.ref} (${urgency}): niemand heeft het aangenomen, ook niet na de hele keten ${(consult.round ?? 0) + 1} keer. ` +
        `Het blijft openstaan bij ${open === 1 ? '1 specialist PZ' : `${open} specialisten PZ`} en wordt steeds opnieuw gestuurd. ` +
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
      return (
        `Consult ${consult.ref}: nog niemand heeft het aangenomen. Het blijft openstaan en wordt opnieuw aangeboden; de netwerkcoördinator is ingelicht. ` +
        `${region?.fallback.instruction ?? ''}`
      ).trim();
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

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** "A", "A en B", "A, B en C". */
function namesList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} en ${names.at(-1)}`;
}

import { isOpen, type Consult, type Offer } from '../domain/consult.js';
import { CONTACT_FORM_LABELS, LABELS, PRESTATIE_LABELS } from '../domain/consultRequest.js';
import { OUTCOME_LABELS, type ContactLogEntry } from '../domain/contactLog.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import { chainDoneText, namesList, offerProgress, offersSoFar } from '../domain/offerProgress.js';
import { localClock, localDateTime, onDayAtTime, teamsCallUrl } from './format.js';
import { messageWithFile } from './notices.js';

/**
 * Template data for the consult cards. The requester sees a status card (closed loop: who has
 * it, what comes next); a specialist sees the offer with the actions open to them.
 */

const STATUS_TEXT: Record<Consult['status'], string> = {
  ingediend: 'Ingediend',
  aangeboden: 'Aangeboden',
  geaccepteerd: 'Geaccepteerd',
  afgerond: 'Afgerond',
  'niet-beantwoord': 'Niet beantwoord',
  ingetrokken: 'Ingetrokken',
};

const OFFER_TEXT: Record<NonNullable<Offer['outcome']> | 'open', string> = {
  open: 'wacht op antwoord',
  geaccepteerd: 'geaccepteerd',
  geweigerd: 'geweigerd',
  overgeslagen: 'overgeslagen: nog niet bereikbaar via de chat',
  vervallen: 'vervallen',
};

function personLine(person: Person | undefined): string {
  return person ? `${person.name} (${person.discipline})` : 'onbekende persoon';
}

function requestFacts(consult: Consult, directory: NetworkDirectory) {
  const request = consult.request;
  return {
    ref: consult.ref,
    consultId: consult.id,
    patient: `${request.patientInitials} (${request.patientBirthYear})`,
    subRegion: directory.subRegion(request.subRegionId)?.name ?? request.subRegionId,
    setting: LABELS.setting[request.setting],
    form: LABELS.form[request.form],
    urgency: LABELS.urgency[request.urgency],
    isUrgent: request.urgency === 'spoed',
    complexity: LABELS.complexity[request.complexity],
    dimensions: request.dimensions.map((d) => LABELS.dimension[d]).join(', '),
    question: request.question,
    requestedAt: localDateTime(consult.createdAt),
    statusText: STATUS_TEXT[consult.status],
    supplements: (consult.supplements ?? []).map((s) => ({ at: localDateTime(s.at), text: messageWithFile(s) })),
    hasSupplements: (consult.supplements ?? []).length > 0,
    followUpOfRef: consult.followUpOf?.ref ?? '',
  };
}

function whatComesNext(consult: Consult, directory: NetworkDirectory, fallback: string | undefined): string {
  switch (consult.status) {
    case 'ingediend':
      return 'Uw aanvraag is opgeslagen en wordt aangeboden aan de dienstdoende specialist PZ.';
    case 'aangeboden': {
      if (consult.exhaustedAt) return [upperFirst(chainDoneText(consult, { name: (id) => directory.person(id)?.name ?? 'een specialist PZ' })), fallback].filter(Boolean).join(' ');
      const deadline = consult.stepDeadline ? ` Reactie uiterlijk ${localClock(consult.stepDeadline)}, daarna ${thenWhat(consult)}.` : '';
      return `U krijgt hier bericht zodra een specialist PZ het consult accepteert.${deadline}`;
    }
    case 'geaccepteerd':
      return 'Stuur hier een bericht om de specialist te antwoorden, of bel via de knop hieronder.';
    case 'afgerond':
      return 'Het consult is afgerond. Het advies staat hieronder.';
    case 'niet-beantwoord':
      return fallback ?? 'Er is geen specialist PZ bereikbaar via de chat.';
    case 'ingetrokken':
      return 'U heeft deze aanvraag ingetrokken.';
  }
}

/** What happens when the current step's wait is over: the next step with people, or the chain again (without those who declined). */
function thenWhat(consult: Consult): string {
  const later = consult.plan.slice(consult.stepIndex + 1).find((step) => step.personIds.some((id) => id !== consult.requesterId));
  if (later) return `ook naar ${lowerFirst(later.label)}`;
  if ((consult.round ?? 0) >= (consult.paging?.loops ?? 0)) return 'blijft het openstaan en hoort de netwerkcoördinator het';
  return offerProgress(consult).declinedBy.length ? 'opnieuw naar de keten, behalve wie het heeft geweigerd' : 'opnieuw naar de hele keten';
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);


/** For spoed, the fallback number is on the card from the start; once the chain has run out, what comes next says whom to call. */
function spoedFallback(consult: Consult, fallbackPhone: string | undefined): string {
  if (consult.request.urgency !== 'spoed' || !fallbackPhone || consult.exhaustedAt || (consult.status !== 'ingediend' && consult.status !== 'aangeboden')) return '';
  return `Spoed en geen reactie? Bel ${fallbackPhone}.`;
}

/** Said on the requester's card when a message to a specialist could not be delivered. */
function deliveryProblem(consult: Consult, fallbackPhone: string | undefined): string {
  const toOthers = (consult.undelivered ?? []).some((message) => message.personId !== consult.requesterId);
  if (!toOthers || !isOpen(consult)) return '';
  return `Een bericht aan een specialist PZ kon niet worden bezorgd; de netwerkcoördinator is ingelicht.${fallbackPhone ? ` Bij spoed: bel ${fallbackPhone}.` : ''}`;
}

/** The requester's card: status, every offer step with its person, and what comes next. */
export function statusCardData(consult: Consult, directory: NetworkDirectory, step: CardStep = {}, contacts: readonly ContactLogEntry[] = []) {
  const holder = directory.person(consult.acceptedBy ?? '');
  const region = directory.regionOfSubRegion(consult.request.subRegionId);
  return {
    ...requestFacts(consult, directory),
    // Who could not be reached is the coordinator's business, not the requester's.
    offers: consult.offers.filter((offer) => offer.outcome !== 'overgeslagen').map((offer) => ({
      text: `${consult.plan[offer.step]?.label ?? 'Aangeboden'} → ${personLine(directory.person(offer.personId))}: ${OFFER_TEXT[offer.outcome ?? 'open']}${offer.reason ? ` (“${offer.reason}”)` : ''}`,
      at: localDateTime(offer.outcomeAt ?? offer.offeredAt),
    })),
    hasOffers: consult.offers.some((offer) => offer.outcome !== 'overgeslagen'),
    next: [whatComesNext(consult, directory, region?.fallback.instruction), spoedFallback(consult, region?.fallback.phone), deliveryProblem(consult, region?.fallback.phone)].filter(Boolean).join(' '),
    isUnanswered: consult.status === 'niet-beantwoord',
    accepted: holder && consult.acceptedAt
      ? { name: holder.name, discipline: holder.discipline, phone: holder.phone, when: onDayAtTime(consult.acceptedAt), callUrl: teamsCallUrl(holder.email) }
      : undefined,
    closure: closureData(consult, contacts),
    canWithdraw: consult.status === 'ingediend' || consult.status === 'aangeboden',
    confirmWithdraw: Boolean(step.confirmWithdraw) && (consult.status === 'ingediend' || consult.status === 'aangeboden'),
    withdrawWarning: withdrawWarning(consult, directory),
    canFollowUp: consult.status === 'afgerond',
  };
}

const minutesText = (minutes: number) => `${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}`;

/** The outcome, the advice and each contact registered at the close (when, form, minutes, prestatie). */
function closureData(consult: Consult, contacts: readonly ContactLogEntry[]) {
  if (!consult.closure) return undefined;
  return {
    outcome: OUTCOME_LABELS[consult.closure.outcome as keyof typeof OUTCOME_LABELS] ?? consult.closure.outcome,
    advice: consult.closure.adviceSummary,
    contactsTitle: contacts.length === 1 ? 'Geregistreerd contact' : `Geregistreerde contacten (${contacts.length})`,
    contacts: contacts.map((c) => ({
      text: [localDateTime(c.occurredAt), CONTACT_FORM_LABELS[c.form], minutesText(c.minutes), c.prestatie ? `prestatie ${PRESTATIE_LABELS[c.prestatie]}` : 'geen TAPA$-prestatie'].join(' · '),
    })),
    hasContacts: contacts.length > 0,
  };
}

/** A step within a card that the server shows on request, such as the confirmation before withdrawing. */
export interface CardStep {
  confirmWithdraw?: boolean;
}

/** What withdrawing means for this request, said before the requester confirms: what became of the offers, and who hears of it. */
function withdrawWarning(consult: Consult, directory: NetworkDirectory): string {
  const deciding = consult.offers.filter((o) => !o.outcome).map((o) => directory.person(o.personId)?.name ?? 'een specialist PZ');
  const told = deciding.length === 0 ? '' : ` ${namesList(deciding)} ${deciding.length === 1 ? 'krijgt' : 'krijgen'} bericht, met uw reden.`;
  return `${consult.request.urgency === 'spoed' ? 'Dit is een spoedaanvraag. ' : ''}${offersSoFar(consult)} Na het intrekken wordt het consult aan niemand meer aangeboden.${told}`;
}

type OfferState = 'open' | 'yours' | 'taken' | 'declined' | 'ended';

/** The specialist's card: the request, and Accepteren/Weigeren or what became of the offer. */
export function offerCardData(consult: Consult, viewerId: string, directory: NetworkDirectory, contacts: readonly ContactLogEntry[] = []) {
  const requester = directory.person(consult.requesterId);
  const holder = directory.person(consult.acceptedBy ?? '');
  const ownOffer = consult.offers.find((offer) => offer.personId === viewerId);
  const state: OfferState =
    consult.acceptedBy === viewerId
      ? 'yours'
      : consult.acceptedBy
        ? 'taken'
        : ownOffer?.outcome === 'geweigerd'
          ? 'declined'
          : ownOffer && !ownOffer.outcome && consult.status === 'aangeboden'
            ? 'open'
            : 'ended';
  const stateText: Record<OfferState, string> = {
    open: 'Dit consult wordt aan u aangeboden.',
    yours: consult.status === 'afgerond' ? 'U heeft dit consult afgerond.' : 'U heeft dit consult geaccepteerd. Antwoord de aanvrager hier in de chat.',
    taken: `Geaccepteerd door ${personLine(holder)}.`,
    declined: 'U heeft dit consult geweigerd.',
    ended:
      consult.status === 'ingetrokken'
        ? `De aanvrager heeft dit consult ingetrokken${consult.withdrawReason ? `. Reden: “${consult.withdrawReason}”` : ''}.`
        : `Dit aanbod is vervallen (${STATUS_TEXT[consult.status].toLowerCase()}).`,
  };
  const viewerStatus: Partial<Record<OfferState, string>> = { open: 'Aangeboden aan u', declined: 'Door u geweigerd' };
  return {
    ...requestFacts(consult, directory),
    ...(viewerStatus[state] ? { statusText: viewerStatus[state] } : {}),
    requester: {
      name: requester?.name ?? 'onbekend',
      discipline: requester?.discipline ?? '',
      organisation: directory.organisation(requester?.organisationId ?? '')?.name ?? '',
      callbackPhone: consult.request.callbackPhone,
      callUrl: requester ? teamsCallUrl(requester.email) : undefined,
    },
    stateText: stateText[state],
    addressedAs: ownOffer ? (consult.plan[ownOffer.step]?.label ?? '') : '',
    isOpen: state === 'open',
    isYours: state === 'yours' && consult.status === 'geaccepteerd',
    closure: state === 'yours' ? closureData(consult, contacts) : undefined,
    /** The holder may put the patient on their specialist team's MDO, also after closing with "Bespreken in MDO-PZ". */
    canDiscussInMdo: state === 'yours' && directory.kernteamsOf(viewerId).some((kernteam) => kernteam.kind === 'specialistisch'),
  };
}

/** The `consulten` answer: open consults first, then those closed lately, each with its advice. */
export function historyText(consults: Consult[], days: number): string {
  const line = (c: Consult) => {
    const patient = `${c.request.patientInitials} (${c.request.patientBirthYear})`;
    const when = c.closedAt ? `${STATUS_TEXT[c.status]} op ${localDateTime(c.closedAt)}` : `${STATUS_TEXT[c.status]} · aangevraagd op ${localDateTime(c.createdAt)}`;
    const advice = c.closure ? ` · Advies: ${c.closure.adviceSummary}` : '';
    return `- **${c.ref}** · ${patient} · ${when}${advice}`;
  };
  const open = consults.filter((c) => !c.closedAt);
  const finished = consults.filter((c) => c.closedAt);
  return [
    open.length > 0 ? `**Lopend**\n\n${open.map(line).join('\n')}` : 'Geen lopende consulten.',
    finished.length > 0 ? `**Afgerond in de afgelopen ${days} dagen**\n\n${finished.map(line).join('\n')}` : '',
    'Typ "consult C-XXXX" om een consult te openen.',
  ].filter(Boolean).join('\n\n');
}

/** The messages of a consult for the close form's collapsible section, oldest first. */
export function conversationData(consult: Consult, directory: NetworkDirectory) {
  const count = consult.messages.length;
  return {
    hasConversation: count > 0,
    conversationToggle: `Gesprek tonen of verbergen (${count} ${count === 1 ? 'bericht' : 'berichten'})`,
    conversation: consult.messages.map((m) => ({ at: localDateTime(m.at), from: directory.person(m.fromPersonId)?.name ?? 'onbekend', text: messageWithFile(m) })),
  };
}

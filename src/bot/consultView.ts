import { isOpen, type Consult, type Offer } from '../domain/consult.js';
import { LABELS } from '../domain/consultRequest.js';
import { OUTCOME_LABELS } from '../domain/contactLog.js';
import type { NetworkDirectory } from '../domain/directory.js';
import type { Person } from '../domain/network.js';
import { localClock, localDateTime, teamsCallUrl } from './format.js';

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
  };
}

function whatComesNext(consult: Consult, fallback: string | undefined): string {
  switch (consult.status) {
    case 'ingediend':
      return 'Uw aanvraag is opgeslagen en wordt aangeboden aan de dienstdoende specialist PZ.';
    case 'aangeboden': {
      if (consult.exhaustedAt) return 'Nog niemand heeft gereageerd. Het consult blijft openstaan en wordt steeds opnieuw aangeboden; de netwerkcoördinator is ingelicht.';
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

/** What happens when the current step's wait is over: the next step with people, or the chain again. */
function thenWhat(consult: Consult): string {
  const later = consult.plan.slice(consult.stepIndex + 1).find((step) => step.personIds.some((id) => id !== consult.requesterId));
  if (later) return `ook naar ${lowerFirst(later.label)}`;
  return (consult.round ?? 0) < (consult.paging?.loops ?? 0) ? 'opnieuw naar de hele keten' : 'blijft het openstaan en hoort de netwerkcoördinator het';
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/** For spoed, the fallback number is on the card from the start, not only after a failure. */
function spoedFallback(consult: Consult, fallbackPhone: string | undefined): string {
  if (consult.request.urgency !== 'spoed' || !fallbackPhone || (consult.status !== 'ingediend' && consult.status !== 'aangeboden')) return '';
  return `Spoed en geen reactie? Bel ${fallbackPhone}.`;
}

/** Said on the requester's card when a message to a specialist could not be delivered. */
function deliveryProblem(consult: Consult, fallbackPhone: string | undefined): string {
  const toOthers = (consult.undelivered ?? []).some((message) => message.personId !== consult.requesterId);
  if (!toOthers || !isOpen(consult)) return '';
  return `Een bericht aan een specialist PZ kon niet worden bezorgd; de netwerkcoördinator is ingelicht.${fallbackPhone ? ` Bij spoed: bel ${fallbackPhone}.` : ''}`;
}

/** The requester's card: status, every offer step with its person, and what comes next. */
export function statusCardData(consult: Consult, directory: NetworkDirectory) {
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
    next: [whatComesNext(consult, region?.fallback.instruction), spoedFallback(consult, region?.fallback.phone), deliveryProblem(consult, region?.fallback.phone)].filter(Boolean).join(' '),
    isUnanswered: consult.status === 'niet-beantwoord',
    accepted: holder && consult.acceptedAt
      ? { name: holder.name, discipline: holder.discipline, phone: holder.phone, at: localDateTime(consult.acceptedAt), callUrl: teamsCallUrl(holder.email) }
      : undefined,
    closure: consult.closure
      ? { outcome: OUTCOME_LABELS[consult.closure.outcome as keyof typeof OUTCOME_LABELS] ?? consult.closure.outcome, advice: consult.closure.adviceSummary }
      : undefined,
    canWithdraw: consult.status === 'ingediend' || consult.status === 'aangeboden',
  };
}

type OfferState = 'open' | 'yours' | 'taken' | 'declined' | 'ended';

/** The specialist's card: the request, and Accepteren/Weigeren or what became of the offer. */
export function offerCardData(consult: Consult, viewerId: string, directory: NetworkDirectory) {
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
    ended: `Dit aanbod is vervallen (${STATUS_TEXT[consult.status].toLowerCase()}).`,
  };
  return {
    ...requestFacts(consult, directory),
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
    /** The holder may put the patient on their specialist team's MDO, also after closing with "Bespreken in MDO-PZ". */
    canDiscussInMdo: state === 'yours' && directory.kernteamsOf(viewerId).some((kernteam) => kernteam.kind === 'specialistisch'),
  };
}

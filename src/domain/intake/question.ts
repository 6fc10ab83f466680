/**
 * The question for the form: the request without a leading command or urgency label ("consult:",
 * "Spoed:", "Urgent -"), and without a part that only says how urgent it is (", zsm", "(spoed)",
 * "Geen haast."), since urgency has a field of its own. Everything else stays as written.
 */

const URGENCY_WORDS = String.raw`(?:spoed(?:consult)?|spoedvraag|urgent|dringend|acuut|asap|zsm|z\.s\.m\.?|cito|geen (?:spoed|haast)|niet (?:urgent|dringend)|not urgent|no rush)`;
const POLITE = String.raw`(?:\s+(?:svp|aub|graag|please|pls))*`;
const COMMAND = String.raw`(?:\/?consult(?:aanvraag|vraag)?(?:\s+aanvragen)?|nieuw consult|verzoek om (?:een )?consult)`;
// A command or urgency word at the start, closed by punctuation, or by a space when a command is not followed by a word that makes it part of a sentence.
const LEADING = new RegExp(
  String.raw`^\s*(?:(?:${COMMAND}|spoed(?:consult)?|urgent|dringend|asap)(?:\s*[:\-–—.!]+\s*|\s*$)|${COMMAND}\s+(?!(?:gevraagd|aangevraagd|nodig|gewenst|graag|voor|over|bij|ivm|i\.v\.m\.|mbt|m\.b\.t\.|met|van|door|op|is|was)\b))+`,
  'i',
);
// A bracket, or a whole part between punctuation, made only of urgency words.
const URGENCY_ONLY = new RegExp(String.raw`\s*\(\s*${URGENCY_WORDS}${POLITE}\s*\)|(?<=^|[.,;!?])\s*${URGENCY_WORDS}(?:\s+${URGENCY_WORDS})*${POLITE}\s*[.!]*(?=\s*$|\s*[.,;!?])`, 'gi');

// A part that only asks to be contacted, with a time or urgency in it ("graag vandaag bellen", "pls call asap"): the time
// has a field of its own, the request to be called stays. A part with more in it ("bellen over de pijn") is left as written.
const TIME_WORDS = String.raw`(?:vandaag|vanmiddag|vanavond|vannacht|morgen(?:ochtend|middag)?|deze week|zsm|z\.s\.m\.?|asap|spoed|dringend|today|tonight|tomorrow|this week|now|nu)`;
const CONTACT_PART = new RegExp(
  String.raw`(?<=^|[.,;!?]\s*)((?:(?:graag|svp|aub|please|pls|even|kunt u|kun je|kan iemand|can you|could you)\s+)*)${TIME_WORDS}((?:\s+(?:even|graag))*\s+(?:(?:terug)?bellen|contact|langskomen|call(?: me)?(?: back)?|ring(?: me)?)(?:\s+(?:svp|aub|please|pls|graag))*\s*[.!]*)(?=\s*$|\s*[.,;!?])`,
  'gi',
);

export function questionOf(text: string): string | undefined {
  const question = text
    .replace(LEADING, '')
    .replace(URGENCY_ONLY, '')
    .replace(CONTACT_PART, (_, before: string, after: string) => `${before}${after.trimStart()}`)
    // A part taken out leaves its comma behind: "onrustig,, graag bellen".
    .replace(/\s*,(\s*,)+/g, ',')
    .replace(/^[\s,;]+|[\s,;]+$/g, '')
    .trim();
  return question || undefined;
}

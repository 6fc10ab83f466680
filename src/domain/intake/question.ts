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

export function questionOf(text: string): string | undefined {
  const question = text
    .replace(LEADING, '')
    .replace(URGENCY_ONLY, '')
    .replace(/^[\s,;]+|[\s,;]+$/g, '')
    .trim();
  return question || undefined;
}

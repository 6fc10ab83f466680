import { isBsnLike } from './bsn.js';

export type Placeholder = '[NAAM]' | '[INITIALEN]' | '[GEBOORTEDATUM]' | '[TELEFOON]' | '[POSTCODE]' | '[BSN]' | '[EMAIL]';

export interface Redaction {
  text: string;
  /** One placeholder per replacement, never the original value, so that it may be logged. */
  found: Placeholder[];
}

// Case-insensitive for one part of a pattern only: JavaScript on Node 20 has no inline (?i:…).
const ci = (word: string) => word.replace(/\p{L}/gu, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).replace(/\./g, '\\.');
const anyOf = (words: string[]) => `(?:${words.map(ci).join('|')})`;

const TITLES = anyOf([
  'mevrouw', 'mevr.', 'mevr', 'mw.', 'mw', 'mvr.', 'mvr', 'de heer', 'dhr.', 'dhr', 'meneer', 'mijnheer', 'mnr.', 'mnr',
  'patiënte', 'patiente', 'patiënt', 'patient', 'pt.', 'pt', 'pte', 'dr.', 'dokter', 'huisarts', 'collega', 'zuster', 'zr.',
  'echtgenote', 'echtgenoot', 'partner', 'zoon', 'dochter', 'broer', 'zus', 'vader', 'moeder', 'kleinzoon', 'kleindochter', 'buurman', 'buurvrouw',
]);
const PARTICLE_WORDS = new Set(['van', 'de', 'der', 'den', 'het', 'ter', 'te', 'ten', 'op', 'in', "'t", 'la', 'le', 'el', 'al', 'da', 'di', 'du', 'von', 'vd']);
const PARTICLES = String.raw`(?:(?:${[...PARTICLE_WORDS].join('|')})\s+)`;
// A name word has lower-case letters, so "ALS" or "COPD" after a title is left alone.
const NAME_WORD = String.raw`\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}'’]+)*`;
const INITIALS = String.raw`(?:\p{Lu}\.\s?){1,5}`;
// Capitalised words that follow a title or initial without being a name.
const NOT_NAMES = new Set(
  ('heeft is was wordt werd kan wil zou moet ligt woont gaat krijgt zegt vraagt blijft verblijft lijkt ' +
    'in op met te thuis sinds al nog ook en of maar die dat het een zeer erg veel geen niet graag bij van voor ' +
    'na om aan uit hij zij ze hem haar pijn opgenomen verder daarnaast ivm bekend overleden verward onrustig benauwd ' +
    'ziekenhuis hospice verpleeghuis patient patiënt mevrouw meneer vandaag morgen gisteren hier nu').split(' '),
);
const SURNAME = String.raw`${PARTICLES}*${NAME_WORD}(?:\s+${PARTICLES}*${NAME_WORD}){0,2}`;

const MONTHS = String.raw`(?:jan(?:uari)?|feb(?:ruari)?|mrt|maart|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?|aug(?:ustus)?|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const FULL_DATE = String.raw`(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}|\d{1,2}\s+${MONTHS}\s+(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})`;
const ANY_DATE = String.raw`(?:${FULL_DATE}|\d{1,2}[-/.]\d{1,2}[-/.]'?\d{2}|'\d{2}|(?:19|20)\d{2})`;
const BIRTH_MARK = String.raw`(?<!\p{L})(?:geb(?:oren)?\.?(?:\s+(?:op|in))?|geboortedatum|geb\.?\s?datum|geboortejaar|bj\.?|d\.?o\.?b\.?|°)\s*:?\s*`;

interface Rule {
  placeholder: Placeholder;
  pattern: RegExp;
  /** Decides on a candidate; by default every match is replaced. */
  accept?: (match: RegExpExecArray) => boolean;
  /** What stays of the match around the placeholder; by default nothing. */
  keep?: (match: RegExpExecArray) => [before: string, after: string];
}

/**
 * Rules run in order on the text left by the previous rule: addresses and numbers first, so that an
 * e-mail address or phone number is never half read as initials or a date.
 */
function rules(now: Date): Rule[] {
  // A full date this long ago is a birth date in practice; more recent ones are events ("gestart 12-03-2024").
  const adultYear = now.getFullYear() - 16;
  return [
    { placeholder: '[EMAIL]', pattern: /(?<![\p{L}\d._%+-])[\p{L}\d._%+-]{1,64}@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+/gu },
    {
      placeholder: '[TELEFOON]',
      // Ten digits from the leading 0 whatever the area code's length, or +31 and nine digits.
      pattern: /(?<![\w+@])(?:(?:\+|00)\s?31[\s-]*(?:\(0\)[\s-]*)?\d(?:[\s-]{0,3}\d){8}|\(?0\d\)?(?:[\s-]{0,3}\d){8}|\(?0\d{2}\)?(?:[\s-]{0,3}\d){7}|\(?0\d{3}\)?(?:[\s-]{0,3}\d){6})(?!\d|[.,]\d)/g,
      accept: ([m]) => !/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}/.test(m), // a date, not a number to call
    },
    {
      placeholder: '[BSN]',
      pattern: /(?<![\d-])(?:(?:bsn|burgerservicenummer)\s*:?\s*)?\d(?:[\s.-]?\d){7,8}(?![\d-])/giu,
      accept: ([m]) => /^(bsn|burgerservicenummer)/i.test(m) || isBsnLike(m),
      keep: ([m]) => [/^(?:bsn|burgerservicenummer)\s*:?\s*/i.exec(m)?.[0] ?? '', ''],
    },
    {
      placeholder: '[POSTCODE]',
      // Upper-case letters only, except after the word postcode: "1000 mg" and "2000 ml" are doses.
      pattern: /\b[1-9]\d{3}\s?(?!MG|ML|IE|KG|CC|MM|CM|UG|GR|EH|SA|SD|SS)[A-Z]{2}\b|(?<=[Pp]ostcode:?\s*)[1-9]\d{3}\s?[a-zA-Z]{2}\b/g,
    },
    {
      placeholder: '[GEBOORTEDATUM]',
      pattern: new RegExp(String.raw`(${BIRTH_MARK})(${ANY_DATE})(?!\d)`, 'giu'),
      keep: (m) => [m[1] ?? '', ''],
    },
    {
      placeholder: '[GEBOORTEDATUM]',
      pattern: new RegExp(String.raw`(?<![\d-])${FULL_DATE}(?![\d-])`, 'gi'),
      accept: ([m]) => Number(/\d{4}/.exec(m)?.[0]) <= adultYear,
    },
    {
      placeholder: '[NAAM]',
      pattern: new RegExp(String.raw`(\b${TITLES}\s+)((?:${INITIALS}\s*)?(?:${SURNAME}))`, 'gu'),
      accept: (m) => !NOT_NAMES.has(nameHead(m[2] ?? '')),
      keep: (m) => [m[1] ?? '', ''],
    },
    {
      placeholder: '[NAAM]',
      pattern: new RegExp(String.raw`(?<![\p{L}.])${INITIALS}\s*(?:${SURNAME})`, 'gu'),
      accept: ([m]) => !isAbbreviation(m) && !NOT_NAMES.has(nameHead(m)),
    },
    {
      placeholder: '[INITIALEN]',
      // Two or more: a single "D." is as often the end of "vitamine D." as an initial.
      pattern: /(?<![\p{L}.])\p{Lu}\.(?:\s?\p{Lu}\.){1,4}(?!\p{L})/gu,
      accept: ([m]) => !isAbbreviation(m),
    },
    {
      placeholder: '[GEBOORTEDATUM]',
      // "J.A. (1942)" or "mw. [NAAM], 1942": a year right after a name is the birth year.
      pattern: /(\[(?:NAAM|INITIALEN)\],?\s*\(?)((?:19|20)\d{2})(?!\d)/g,
      keep: (m) => [m[1] ?? '', ''],
    },
  ];
}

// Written with capitals now and then, and never a person's initials.
const ABBREVIATIONS = new Set(['AUB', 'ZSM', 'IV', 'SC', 'PO', 'IOM', 'OA', 'DD', 'NB', 'TZT', 'ED', 'MBT', 'IVM', 'ZN', 'CA', 'BV', 'NV', 'GGZ', 'AB', 'SO', 'HA', 'PZ', 'MDO', 'ACP', 'VS', 'VPK', 'IC']);
const isAbbreviation = (m: string) => ABBREVIATIONS.has((/^(?:\p{Lu}\.\s?)+/u.exec(m)?.[0] ?? '').replace(/[.\s]/g, ''));
/** The word that decides whether this is a name: in "Van den Berg" that is Berg, in "In" (het hospice) it is In. */
function nameHead(candidate: string): string {
  const words = candidate.replace(/^(?:\p{Lu}\.\s?)+/u, '').toLowerCase().split(/\s+/).filter(Boolean);
  return words.find((w) => !PARTICLE_WORDS.has(w)) ?? words[0] ?? '';
}

/**
 * Replaces identifying details with placeholders before text may leave the bot, for instance to a
 * language model. Leaves doses, times, ages, lone years and lab values alone. It is a safety net
 * on top of "no patient names in chat", not a guarantee: lower-case names are not recognised.
 */
export function redact(text: string, options: { now?: Date } = {}): Redaction {
  const found: Placeholder[] = [];
  let result = text;
  for (const rule of rules(options.now ?? new Date())) {
    result = result.replace(rule.pattern, (...args) => {
      const match = toExecArray(args);
      if (rule.accept && !rule.accept(match)) return match[0];
      const [before, after] = rule.keep?.(match) ?? ['', ''];
      found.push(rule.placeholder);
      return `${before}${rule.placeholder}${after}`;
    });
  }
  return { text: result, found };
}

/** The replace callback's arguments as a match array: groups first, then offset, input and named groups. */
function toExecArray(args: unknown[]): RegExpExecArray {
  const named = typeof args[args.length - 1] === 'object' ? 1 : 0;
  const parts = args.slice(0, args.length - 2 - named) as string[];
  return Object.assign(parts, { index: args[args.length - 2 - named] as number, input: args[args.length - 1 - named] as string }) as unknown as RegExpExecArray;
}

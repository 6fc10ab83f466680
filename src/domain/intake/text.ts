import { closest, distance } from 'fastest-levenshtein';
import { ABBREVIATIONS, DICTIONARY_WORDS_NOT_TYPOS, KNOWN_WORDS, NOT_TYPOS, REAL_WORDS_BESIDE } from './lexicon.js';

/** Lower case, no diacritics, typographic quotes and dashes made plain, single spaces. */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const KNOWN = new Set(KNOWN_WORDS);
const PROTECTED = new Set([...NOT_TYPOS, ...DICTIONARY_WORDS_NOT_TYPOS]);

/**
 * A word one edit (insertion, deletion, substitution) from a known clinical word becomes that word:
 * "benauwt", "onust", "nausia". Short words are left alone, since most of them are a real word
 * one edit away from another ("pijn" and "pin").
 */
function corrected(word: string): string {
  if (word.length < 4 || KNOWN.has(word) || PROTECTED.has(word)) return word;
  const candidate = closest(word, KNOWN_WORDS);
  return candidate.length >= 5 && distance(word, candidate) === 1 ? candidate : word;
}

/** Normalised text with abbreviations written out and typos of known words corrected. */
export function prepare(text: string): string {
  const tokens = normalise(text).split(' ');
  return tokens
    .map((token, i) => {
      const expanded = Object.hasOwn(ABBREVIATIONS, token) ? ABBREVIATIONS[token] : undefined;
      if (expanded) return expanded;
      const beside = Object.hasOwn(REAL_WORDS_BESIDE, token) ? REAL_WORDS_BESIDE[token] : undefined;
      if (beside && [tokens[i - 1], tokens[i + 1]].some((t) => t !== undefined && beside.test(t))) return token;
      return token.replace(/[a-z]+/g, (word) => corrected(word));
    })
    .join(' ');
}

export interface Span {
  start: number;
  end: number;
}

/** Text inside brackets blanked to spaces of the same length: "(echtgenote, 80)" does not split a clause. */
export const withoutBrackets = (n: string): string => n.replace(/\([^()]*\)/g, (m) => ' '.repeat(m.length));

/** Where each part of the text between the separators starts and ends. */
function spans(n: string, separator: RegExp): Span[] {
  const result: Span[] = [];
  let start = 0;
  for (const m of n.matchAll(separator)) {
    result.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  result.push({ start, end: n.length });
  return result;
}

// Sentences end at . ! ? ; before a space; a full stop inside "2.5" does not count.
export const sentences = (n: string): Span[] => spans(n, /[.!?;]+(?=\s|$)/g);

/**
 * Clauses, the scope of a negation or of who is meant (NegEx's terminators): punctuation and
 * words that turn the sentence ("maar", "wel", "but", "ondanks").
 */
export const clauses = (n: string): Span[] =>
  spans(withoutBrackets(n), /[.!?;:,]+(?=\s|$)|\s(?=(maar|wel|but|however|though|although|echter|behalve|except|ondanks|despite|terwijl|whereas)\b)/g);

export const spanAt = (all: Span[], at: number): Span => all.find((s) => at >= s.start && at <= s.end) ?? { start: 0, end: 0 };

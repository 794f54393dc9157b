import { describe, expect, it } from 'vitest';
import { article, count, withArticle } from './words';

describe('count', () => {
  it.each([
    [0, 'day', '0 days'],
    [1, 'day', '1 day'],
    [2, 'day', '2 days'],
    [1000, 'record', '1,000 records'],
    [1, 'entry', '1 entry'],
  ])('%i %s is "%s"', (n, noun, want) => {
    expect(count(n, noun, noun === 'entry' ? 'entries' : undefined, 'en-US')).toBe(want);
  });

  it('takes an irregular plural', () => {
    expect(count(3, 'entry', 'entries', 'en-US')).toBe('3 entries');
  });
});

describe('article', () => {
  it.each([
    ['electricity record', 'an'],
    ['water record', 'a'],
    ['gas record', 'a'],
    ['import', 'an'],
    ['hour', 'an'],
    ['unit', 'a'],
    ['European tariff', 'a'],
    ['one-off bill', 'a'],
    ['umbrella', 'an'],
  ])('%s takes "%s"', (phrase, want) => {
    expect(article(phrase)).toBe(want);
  });

  it('puts the article before the phrase', () => {
    expect(withArticle('electricity record')).toBe('an electricity record');
  });
});

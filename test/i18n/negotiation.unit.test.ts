import { describe, expect, it } from 'vitest';
import { LOCALES, negotiate, pluralCategory, STAFF_LOCALES, translatePlural } from '../../server/i18n/index.ts';

describe('choosing the language from Accept-Language', () => {
  it('takes the highest quality the page speaks', () => {
    expect(negotiate('en;q=0.4, uk-UA;q=0.9, de;q=0.8', LOCALES)).toBe('uk');
    expect(negotiate('ar-SY,ar;q=0.9,en-US;q=0.8', LOCALES)).toBe('ar');
    expect(negotiate('fa-IR, en;q=0.5', LOCALES)).toBe('fa');
  });
  it('reads Dari (prs) as Persian', () => {
    expect(negotiate('prs-AF', LOCALES)).toBe('fa');
  });
  it('keeps the order given between equal qualities, and skips q=0 and unknown languages', () => {
    expect(negotiate('ru, uk', LOCALES)).toBe('ru');
    expect(negotiate('uk;q=0, tr, ru;q=0.2', LOCALES)).toBe('ru');
    expect(negotiate('tr, ku', LOCALES)).toBeUndefined();
    expect(negotiate('uk;q=abc', LOCALES)).toBeUndefined();
  });
  it('offers staff pages only German and English', () => {
    expect(negotiate('ar, en;q=0.5', STAFF_LOCALES)).toBe('en');
    expect(negotiate('uk', STAFF_LOCALES)).toBeUndefined();
  });
  it('reads a huge header in linear time, only its first 256 characters', () => {
    expect(negotiate(`${'x-y;q=0.1,'.repeat(100_000)}uk`, LOCALES)).toBeUndefined();
  });
});

describe('counted messages', () => {
  it('follow each language’s plural rules', () => {
    expect(pluralCategory('de', 1)).toBe('one');
    expect(pluralCategory('uk', 3)).toBe('few');
    expect(pluralCategory('uk', 5)).toBe('many');
    expect(pluralCategory('ar', 2)).toBe('two');
    expect(pluralCategory('ar', 0)).toBe('zero');
  });
  it('write the count as the language does', () => {
    expect(translatePlural('de', 'search.count', 1234, { first: 1, last: 20 })).toBe('1.234 Stellen gefunden, 1 bis 20 werden gezeigt');
    expect(translatePlural('de', 'search.count', 1, { first: 1, last: 1 })).toBe('1 Stelle gefunden');
  });
});

import { describe, expect, it } from 'vitest';
import { boundedEditDistance, resolveTown } from '../../server/places/resolve.ts';

/** The search form's town field, resolved on the server (server/places/resolve.ts). */
describe('resolveTown', () => {
  const nameOf = (text: string) => resolveTown(text).place?.name;

  it('finds a town in any case, with ß or ss, with umlauts written out or left off, and without hyphens', () => {
    expect(['Görlitz', 'GÖRLITZ', 'goerlitz', 'Gorlitz', ' görlitz '].map(nameOf)).toEqual(Array(5).fill('Görlitz'));
    expect(['Meißen', 'meissen', 'MEISSEN'].map(nameOf)).toEqual(Array(3).fill('Meissen'));
    expect(nameOf('Annaberg Buchholz')).toBe('Annaberg-Buchholz');
    expect(nameOf('Halle (Saale)')).toBe('Halle (Saale)');
  });

  it('finds a town by postcode, by "name (postcode)", by "postcode name", and a shared name at its postcode', () => {
    expect(nameOf('04109')).toBe('Leipzig');
    expect(nameOf('Dresden (01067)')).toBe('Dresden');
    expect(nameOf('01067 Dresden')).toBe('Dresden');
    expect(resolveTown('09376').place).toMatchObject({ name: 'Oelsnitz', postcode: '09376' });
    expect(resolveTown('Oelsnitz').place?.postcode).toBe('09376');
  });

  it('takes a city postcode the list does not hold to its city, and another to the nearest delivery area', () => {
    expect(['01069', '01328', '04315', '09126'].map(nameOf)).toEqual(['Dresden', 'Dresden', 'Leipzig', 'Chemnitz']);
    expect(nameOf('01069 Dresden')).toBe('Dresden');
  });

  it('offers "did you mean" for a typo or the start of a name, and nothing for what is no town', () => {
    expect(resolveTown('Dresdn')).toEqual({ place: null, suggestions: ['Dresden'] });
    expect(resolveTown('Lipzig').suggestions).toEqual(['Leipzig']);
    expect(resolveTown('Chemn').suggestions).toContain('Chemnitz');
    expect(resolveTown('Halle').suggestions).toContain('Halle (Saale)');
    expect(resolveTown('Atlantis').suggestions).toEqual([]);
    expect(resolveTown('').suggestions).toEqual([]);
    expect(resolveTown('%%%').suggestions).toEqual([]);
  });

  it('stays fast on long and hostile input (the length is cut before any work on the content)', () => {
    const started = performance.now();
    for (const text of ['a'.repeat(100_000), 'ä'.repeat(10_000), `${'1'.repeat(5000)}x`, 'Dre'.repeat(30_000)]) {
      expect(resolveTown(text).place).toBeNull();
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('measures edit distance, giving up past the limit', () => {
    expect(boundedEditDistance('dresdn', 'dresden', 2)).toBe(1);
    expect(boundedEditDistance('kitten', 'sitting', 3)).toBe(3);
    expect(boundedEditDistance('abc', 'xyzxyz', 2)).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { codeRelevance, score } from '../../search/match-explain.ts';

describe('how close an occupation is to what a person wants', () => {
  const person = {
    desiredOccupations: ['51312', '26214'],
    experience: [
      { occupation: '51312', years: 3 },
      { occupation: '29302', years: 2 },
    ],
  };

  it('a wished occupation the person has worked in fits best; a wished one without experience a little less', () => {
    expect(codeRelevance(person, '51312')?.weight).toBe(1);
    expect(codeRelevance({ ...person, experience: [] }, '51312')?.weight).toBe(0.95);
  });

  it('the same field fits less the further its level is from the wish (the fifth KldB digit)', () => {
    expect(codeRelevance(person, '51311')).toMatchObject({ kind: 'same_field', weight: 0.8, related: '51312' }); // helper next to skilled
    expect(codeRelevance(person, '26211')).toMatchObject({ kind: 'same_field', weight: 0.6 }); // helper, three levels below an expert wish
  });

  it('experience alone, and nothing related at all', () => {
    expect(codeRelevance(person, '29302')).toMatchObject({ kind: 'experience', weight: 0.7 });
    expect(codeRelevance(person, '81302')).toBeNull();
  });

  it('nearer ranks higher among equals, and the score stays between 0 and 1', () => {
    const wished = codeRelevance(person, '51312')!;
    expect(score(wished, 0, 25)).toBe(1);
    expect(score(wished, 25, 25)).toBe(0.8);
    expect(score(wished, 10, 25)).toBeGreaterThan(score(wished, 20, 25));
  });
});

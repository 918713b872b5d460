import type { WorkPermit } from '../server/domain.ts';

/**
 * What a mentee's work-permit status means for a job or an apprenticeship: one line each, with the
 * provisions it rests on. It informs the mentor; it is no legal advice, and where the answer depends
 * on the person's papers the line says to ask the foreigners' authority (Ausländerbehörde).
 *
 * allowed: the status itself allows this kind of work; ask: it depends on a decision or an entry in
 * the residence document that the portal does not know. The sentences live in the catalogues under
 * matching.workPermit.<permit>.<kind>.
 */
export type WorkPermitOutcome = 'allowed' | 'ask';

export interface WorkPermitRule {
  permit: WorkPermit;
  kind: 'job' | 'apprenticeship';
  outcome: WorkPermitOutcome;
  /** The provisions the line rests on, as printed after it. */
  source: string;
}

export const WORK_PERMIT_RULES: readonly WorkPermitRule[] = [
  // A residence title states whether and how its holder may work (§ 4a Abs. 3 AufenthG); "yes" means it allows this.
  { permit: 'yes', kind: 'job', outcome: 'allowed', source: '§ 4a Abs. 1, 3 AufenthG' },
  { permit: 'yes', kind: 'apprenticeship', outcome: 'allowed', source: '§ 4a Abs. 1, 3 AufenthG' },
  // Temporary protection: the permit carries "Erwerbstätigkeit erlaubt"; without that entry, the authority decides.
  { permit: 'temporary_protection', kind: 'job', outcome: 'allowed', source: '§ 24 Abs. 6, § 4a AufenthG' },
  { permit: 'temporary_protection', kind: 'apprenticeship', outcome: 'allowed', source: '§ 24 Abs. 6, § 4a AufenthG' },
  // Asylum seekers and tolerated persons work only with the authority's permission, for most jobs with the employment agency's consent.
  { permit: 'pending', kind: 'job', outcome: 'ask', source: '§ 4a Abs. 4 AufenthG, § 61 AsylG, § 32 BeschV' },
  // Vocational training needs no consent of the employment agency; the authority still decides.
  { permit: 'pending', kind: 'apprenticeship', outcome: 'ask', source: '§ 32 Abs. 2 Nr. 2 BeschV, § 60c AufenthG' },
  { permit: 'unknown', kind: 'job', outcome: 'ask', source: '§ 4a Abs. 3 AufenthG' },
  { permit: 'unknown', kind: 'apprenticeship', outcome: 'ask', source: '§ 4a Abs. 3 AufenthG' },
];

/** The rule for a status and a kind of vacancy; every pair has one (test/matching/rules.test.ts). */
export function workPermitRule(permit: WorkPermit, kind: 'job' | 'apprenticeship'): WorkPermitRule {
  const rule = WORK_PERMIT_RULES.find((r) => r.permit === permit && r.kind === kind);
  if (!rule) throw new Error(`No work-permit rule for ${permit} / ${kind}`);
  return rule;
}

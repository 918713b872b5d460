import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** A file that drives Chromium: the slowest kind (10-60 s each, where most files take 1-4 s). */
const usesBrowser = (file: TestSpecification) => readFileSync(file.moduleId, 'utf8').includes('/helpers/browser.ts');

/**
 * Vitest's order (failed first, then longest first by the last run's timings, larger files first without
 * them), with the files that drive a browser moved to the front of their project. The integration workers
 * take the next file as they finish one: long files first lets the short ones fill the gaps, so the workers
 * end together instead of one starting a 60 s file when the other is done (a clean clone has no timings).
 */
export class BrowsersFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = new Set(sorted.filter(usesBrowser));
    // Stable: the projects keep their group order, and within a project the browser files come first.
    const rank = (file: TestSpecification) => file.project.config.sequence.groupOrder * 2 + (browser.has(file) ? 0 : 1);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}

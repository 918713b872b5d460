import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** A file that drives Chromium: the slowest kind (10-60 s each, where most files take 1-4 s). */
const usesBrowser = (file: TestSpecification) => readFileSync(file.moduleId, 'utf8').includes('/helpers/browser.ts');

/**
 * Vitest's order (failed first, then longest first by the last run's timings, larger files first without
 * them), with the files that drive a browser moved to the front of their group, then the serial project's
 * files (10-30 s each, most of it waiting for the portals they start). The workers take the next file as they
 * finish one: long files first lets the short ones fill the gaps, so the workers end together instead of one
 * starting a 60 s file when the other is done (a clean clone has no timings). Each kind together, too: a worker
 * that changes project starts a new process (and imports the app again), so it changes at most twice.
 */
export class BrowsersFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = new Set(sorted.filter(usesBrowser));
    // Stable: the groups keep their order; within a group the browser files come first, then the serial ones.
    const kind = (file: TestSpecification) => (browser.has(file) ? 0 : file.project.name === 'serial' ? 1 : 2);
    const rank = (file: TestSpecification) => file.project.config.sequence.groupOrder * 3 + kind(file);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}

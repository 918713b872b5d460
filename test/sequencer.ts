import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { isSerialFile } from './serial-files.ts';

/** A file that drives Chromium: the slowest kind (10-60 s each, where most files take 1-4 s). */
const usesBrowser = (file: TestSpecification) => readFileSync(file.moduleId, 'utf8').includes('/helpers/browser.ts');

/**
 * Vitest's order (failed first, then longest first by the last run's timings, larger files first without
 * them), regrouped by kind within each group: the serial files first (test/serial-files.ts; 3-35 s each, most of
 * it waiting for the portals they start), then the files that drive a browser (5-50 s), then the other integration
 * files. The workers take the next file as they finish one: long files first lets the short ones fill the gaps, so
 * the workers end together instead of one starting a 60 s file when the other is done (a clean clone has no
 * timings). The groups (unit, then integration) stay apart: a worker that changes project starts a new process
 * (forking, the setup files, the first file's imports, claiming a slot: 5-14 s before its next file).
 */
export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = new Set(sorted.filter(usesBrowser));
    // Stable: the groups keep their order, and so do the files of one kind.
    const kind = (file: TestSpecification) => (isSerialFile(file.moduleId) ? 0 : browser.has(file) ? 1 : 2);
    const rank = (file: TestSpecification) => file.project.config.sequence.groupOrder * 3 + kind(file);
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}

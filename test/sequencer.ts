import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files that stop services, kill processes or start whole portals: slowest, and the most likely to disturb what runs after them. */
const LAST = [/\/test\/drills\//, /\/test\/cli\//];

/** Vitest's order (failed first, then longest first), with the drills and process-level tests moved to the end. */
export class SlowLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isLast = (file: TestSpecification) => LAST.some((pattern) => pattern.test(file.moduleId));
    return [...sorted.filter((file) => !isLast(file)), ...sorted.filter(isLast)];
  }
}

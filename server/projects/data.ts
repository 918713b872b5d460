import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One of the programme's mentoring projects (server/projects/projects.json). */
export interface ProjectData {
  slug: string;
  name: string;
  carrier: string;
  districts: string[];
  towns: string[];
  contact: { email: string | null; phone: string | null; url: string | null };
}

let cached: ProjectData[] | undefined;

export function loadProjects(): ProjectData[] {
  cached ??= JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'projects.json'), 'utf8')) as ProjectData[];
  return cached;
}

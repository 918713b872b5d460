import type { Role } from '../db/database.ts';

/** Where each role starts after logging in or accepting an invitation: its own work, not the public front page. */
const HOME_BY_ROLE: Record<Role, string> = {
  employer: '/employer/vacancies',
  mentor: '/mentor/mentees',
  coordinator: '/coordinator/figures',
  admin: '/admin',
};

export function homeFor(role: string): string {
  return HOME_BY_ROLE[role as Role] ?? '/';
}

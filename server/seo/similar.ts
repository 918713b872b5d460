/** The search for vacancies like an ended one: the same occupation in the same town (the search's default radius around it). */
export function similarVacanciesUrl(vacancy: { occupation_code: string; town: string }): string {
  return `/vacancies?${new URLSearchParams({ occupation: vacancy.occupation_code, town: vacancy.town }).toString()}`;
}

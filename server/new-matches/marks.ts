/**
 * The "new" marks on a page's vacancy cards: a card whose vacancy is among the mentee's new
 * matches (queries.ts) gets `isNew`. Kept apart from the pages' own view models, which need
 * to know nothing of how "new" is decided.
 */
export function withNewMarks<C extends { id: string }, P extends { sections: { cards: C[] }[] }>(
  page: P,
  fresh: ReadonlySet<string>,
): P & { newCount: number } {
  let newCount = 0;
  const sections = page.sections.map((section) => ({
    ...section,
    cards: section.cards.map((card) => {
      const isNew = fresh.has(card.id);
      if (isNew) newCount += 1;
      return { ...card, isNew };
    }),
  }));
  return { ...page, sections, newCount };
}

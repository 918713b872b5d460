/** Rows per page on the admin's lists and the audit log. */
export const PER_PAGE = 50;

export function paging(page: number) {
  return { limit: PER_PAGE, offset: (page - 1) * PER_PAGE };
}

/** Page links for a list; every link keeps the filters. */
export function pagination(path: string, filters: Record<string, string | number | null | undefined>, page: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const link = (to: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, page: to > 1 ? to : undefined })) {
      if (value !== undefined && value !== null && String(value) !== '') params.set(key, String(value));
    }
    const query = params.toString();
    return query ? `${path}?${query}` : path;
  };
  return {
    page,
    pages,
    total,
    perPage: PER_PAGE,
    first: total === 0 ? 0 : Math.min(total, (page - 1) * PER_PAGE + 1),
    last: Math.min(total, page * PER_PAGE),
    previous: page > 1 ? link(Math.min(page - 1, pages)) : null,
    next: page < pages ? link(page + 1) : null,
  };
}

/** Notices of the admin pages after a redirect are named by `?done=` (server/http/notices.ts). */
export const DONE = 'done';

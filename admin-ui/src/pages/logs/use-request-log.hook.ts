import { useCallback, useEffect, useRef, useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import type { RequestFilters, RequestRow } from '../../api/requests.types.ts';

export const PAGE_SIZE = 50;
export const NO_FILTERS: RequestFilters = { model: '', status: '', since: '', q: '', key: '' };

export interface RequestLog {
  filters: RequestFilters;
  items: RequestRow[];
  total: number;
  /** Whether older rows may follow: the last page came back full. */
  more: boolean;
  loading: boolean;
  error: unknown;
  apply: (filters: RequestFilters) => void;
  refresh: () => void;
  loadMore: () => void;
}

/** The newest page for the current filters, extended page by page with the `before` cursor. */
export function useRequestLog(): RequestLog {
  const [filters, setFilters] = useState<RequestFilters>(NO_FILTERS);
  const [items, setItems] = useState<RequestRow[]>([]);
  const [total, setTotal] = useState(0);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  // A reply for filters that are no longer current must not land on screen.
  const generation = useRef(0);

  const fetchPage = useCallback(async (next: RequestFilters, before: string | number | undefined) => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const page = await adminApi.requests(next, { limit: PAGE_SIZE, before });
      if (mine !== generation.current) return;
      setItems((prev) => (before !== undefined ? [...prev, ...page.items] : page.items));
      setTotal(page.total);
      // Not items.length < total: the total counts rows logged since the first page, which paging
      // older never reaches, so under traffic "Load more" would stay forever.
      setMore(page.items.length >= PAGE_SIZE);
      setError(null);
    } catch (err) {
      if (mine === generation.current) setError(err);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void fetchPage(filters, undefined);
  }, [fetchPage, filters]);

  return {
    filters,
    items,
    total,
    more,
    loading,
    error,
    apply: (next) => setFilters({ ...next }),
    refresh: () => void fetchPage(filters, undefined),
    loadMore: () => void fetchPage(filters, items.at(-1)?.id),
  };
}

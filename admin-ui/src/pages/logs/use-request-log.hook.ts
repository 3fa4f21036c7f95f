import { useCallback, useEffect, useRef, useState } from 'react';
import { adminApi } from '../../api/admin.api.ts';
import type { RequestFilters, RequestRow } from '../../api/requests.types.ts';

export const PAGE_SIZE = 50;
export const NO_FILTERS: RequestFilters = { model: '', status: '', since: '', q: '', key: '' };

export interface RequestLog {
  filters: RequestFilters;
  items: RequestRow[];
  /** The rows that match among those logged when the first page was read. */
  total: number;
  /** The newest rows a bounded text search looked through; null when it looked through them all. */
  searchWindow: number | null;
  /** Whether older rows may follow: not once every match is shown, nor while the last read failed. */
  more: boolean;
  loading: boolean;
  error: unknown;
  apply: (filters: RequestFilters) => void;
  refresh: () => void;
  loadMore: () => void;
}

/**
 * The newest page for the current filters, extended page by page with the cursor each page returns:
 * the first page fixes the rows the later ones read, so requests logged meanwhile move nothing.
 */
export function useRequestLog(): RequestLog {
  const [filters, setFilters] = useState<RequestFilters>(NO_FILTERS);
  const [items, setItems] = useState<RequestRow[]>([]);
  const [total, setTotal] = useState(0);
  const [searchWindow, setSearchWindow] = useState<number | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  // A reply for filters that are no longer current must not land on screen.
  const generation = useRef(0);

  const fetchPage = useCallback(async (next: RequestFilters, cursor: string | undefined) => {
    const mine = ++generation.current;
    setLoading(true);
    // A first page starts a new list: the old list's cursor must not outlive a failed read.
    if (cursor === undefined) setNextCursor(null);
    try {
      const page = await adminApi.requests(next, { limit: PAGE_SIZE, cursor });
      if (mine !== generation.current) return;
      setItems((prev) => (cursor !== undefined ? [...prev, ...page.items] : page.items));
      setTotal(page.total);
      setSearchWindow(page.search_window);
      setNextCursor(page.next);
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
    searchWindow,
    // A failed Load more keeps its cursor, so it can be tried again; a failed first page cleared it.
    more: nextCursor !== null && items.length < total,
    loading,
    error,
    apply: (next) => {
      // New filters start a new list: the old filters' rows must not stay on screen if its read fails.
      setItems([]);
      setTotal(0);
      setSearchWindow(null);
      setFilters({ ...next });
    },
    refresh: () => void fetchPage(filters, undefined),
    loadMore: () => void (nextCursor !== null && fetchPage(filters, nextCursor)),
  };
}

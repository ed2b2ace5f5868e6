import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentListView, DocumentSummary } from '../../../shared/contract/methods/documents';
import { call } from './api';
import { errorMessage } from './errorMessage';

/** Rows fetched per request: a few screens of the list. */
export const PAGE_SIZE = 100;

/** The list's filter and order, as the user set them. */
export type ListView = Omit<DocumentListView, 'projectId'>;

/**
 * Pages of a document view fetched on demand from SQLite as the virtual list scrolls (never all
 * rows, never any text). A refresh keeps showing the rows it has until the new ones arrive; a
 * change of filter or order starts afresh.
 */
export function usePagedDocuments(projectId: string, view: ListView, refreshKey: number) {
  const pages = useRef(new Map<number, DocumentSummary[]>());
  const fresh = useRef(new Set<number>());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const viewKey = JSON.stringify(view);
  const lastViewKey = useRef(viewKey);

  const load = useCallback(
    (page: number) => {
      if (loading.current.has(page) || fresh.current.has(page)) return;
      loading.current.add(page);
      const started = generation.current;
      call('documents.list', { projectId, ...(JSON.parse(viewKey) as ListView), offset: page * PAGE_SIZE, limit: PAGE_SIZE }).then(
        (result) => {
          if (started !== generation.current) return;
          loading.current.delete(page);
          pages.current.set(page, result.rows);
          fresh.current.add(page);
          setTotal(result.total);
          setError(null);
          setVersion((version) => version + 1);
        },
        (caught: unknown) => {
          if (started !== generation.current) return;
          loading.current.delete(page);
          setError(errorMessage(caught));
        },
      );
    },
    [projectId, viewKey],
  );

  useEffect(() => {
    generation.current += 1;
    loading.current.clear();
    fresh.current.clear();
    if (lastViewKey.current !== viewKey) {
      pages.current.clear();
      setTotal(null);
      lastViewKey.current = viewKey;
    }
    load(0);
  }, [load, viewKey, refreshKey]);

  /** The row at an index, or undefined while its page loads (the load is started). */
  const rowAt = useCallback(
    (index: number): DocumentSummary | undefined => {
      const page = Math.floor(index / PAGE_SIZE);
      if (!fresh.current.has(page)) load(page);
      return pages.current.get(page)?.[index % PAGE_SIZE];
    },
    [load],
  );

  return { total, rowAt, error };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import type { PostView } from '../../../src-main/contract/contract';
import { call } from '../../api/client';

export const POSTS_PAGE_SIZE = 200;
/** Fetch only where scrolling pauses: a fast fling across 100,000 rows should not fetch every page it passes. */
const SETTLE_MS = 60;

export interface PostQuery {
  dataset: string;
  search: string;
  category: string | undefined;
}

export interface PostPages {
  /** Matching posts; undefined until the first page answers. */
  total: number | undefined;
  error: string | undefined;
  post: (index: number) => PostView | undefined;
  /** Asks for the rows on screen; pages not yet loaded are fetched once scrolling settles. */
  showRows: (first: number, last: number) => void;
}

/**
 * The posts of a query, fetched a page at a time as rows come into view and kept in a
 * cache that starts over whenever the query changes. Never loads the whole dataset.
 */
export function usePostPages(query: PostQuery): PostPages {
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<string>();
  const [, setLoadedPages] = useState(0);
  const pages = useRef(new Map<number, PostView[]>());
  const requested = useRef(new Set<number>());
  const wanted = useRef<[number, number]>([0, 0]);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Answers to an older query are dropped: a slow page must not land in the new one's rows.
  const queryKey = JSON.stringify(query);
  const currentKey = useRef(queryKey);

  const fetchPage = useCallback((page: number) => {
    if (requested.current.has(page)) return;
    requested.current.add(page);
    const key = currentKey.current;
    const q = JSON.parse(key) as PostQuery;
    call('datasets.posts', {
      dataset: q.dataset,
      offset: page * POSTS_PAGE_SIZE,
      limit: POSTS_PAGE_SIZE,
      ...(q.search.trim() ? { search: q.search.trim() } : {}),
      ...(q.category ? { category: q.category } : {}),
    }).then(
      (answer) => {
        if (key !== currentKey.current) return;
        pages.current.set(page, answer.items);
        setTotal(answer.total);
        setError(undefined);
        setLoadedPages((n) => n + 1);
      },
      (err: Error) => {
        if (key !== currentKey.current) return;
        requested.current.delete(page);
        setError(err.message);
      },
    );
  }, []);

  useEffect(() => {
    currentKey.current = queryKey;
    pages.current = new Map();
    requested.current = new Set();
    setTotal(undefined);
    setError(undefined);
    fetchPage(0);
  }, [queryKey, fetchPage]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const showRows = useCallback(
    (first: number, last: number) => {
      wanted.current = [first, last];
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const [from, to] = wanted.current;
        for (let page = Math.floor(from / POSTS_PAGE_SIZE); page <= Math.floor(to / POSTS_PAGE_SIZE); page++)
          fetchPage(page);
      }, SETTLE_MS);
    },
    [fetchPage],
  );

  const post = useCallback(
    (index: number) => pages.current.get(Math.floor(index / POSTS_PAGE_SIZE))?.[index % POSTS_PAGE_SIZE],
    [],
  );

  return { total, error, post, showRows };
}

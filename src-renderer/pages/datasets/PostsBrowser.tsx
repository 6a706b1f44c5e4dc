import { useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../src-main/contract/schemas';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Kbd } from '../../components/Kbd';
import { Panel } from '../../components/Panel';
import { formatCount, plural } from '../../lib/format';
import { PostsTable } from './PostsTable';
import { usePostPages } from './use-post-pages';

const SEARCH_DEBOUNCE_MS = 250;

interface PostsBrowserProps {
  dataset: DatasetSummary;
  category: string | undefined;
  onCategory: (category: string | undefined) => void;
}

export function PostsBrowser({ dataset, category, onCategory }: PostsBrowserProps) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setSearch(typed), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [typed]);

  const pages = usePostPages({ dataset: dataset.name, search, category });
  const filtered = Boolean(search.trim() || category);
  const summary =
    pages.total === undefined
      ? 'Loading…'
      : filtered
        ? `${formatCount(pages.total)} of ${plural(dataset.posts, 'post')} match`
        : plural(pages.total, 'post');

  return (
    <Panel
      title={`Posts in ${dataset.name}`}
      actions={
        <>
          <label className="search">
            <span className="visually-hidden">Search posts</span>
            <input
              type="search"
              data-page-search
              placeholder="Search text or id"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
            />
            <Kbd keys={['/']} />
          </label>
          <label className="inline-field">
            <span className="visually-hidden">Category</span>
            <select value={category ?? ''} onChange={(e) => onCategory(e.currentTarget.value || undefined)}>
              <option value="">All categories</option>
              {dataset.categories.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name} ({formatCount(c.posts)})
                </option>
              ))}
            </select>
          </label>
        </>
      }
    >
      <p className="result-count" aria-live="polite">
        {summary}
      </p>
      {pages.error && <ErrorBanner title="Could not load posts" message={pages.error} />}
      {pages.total === 0 ? (
        <EmptyState title="No posts match">
          <p>Try fewer words, or choose “All categories”.</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setTyped('');
              onCategory(undefined);
            }}
          >
            Clear search and filter
          </button>
        </EmptyState>
      ) : (
        // Keyed by the query so that a new search starts at its first row.
        <PostsTable
          key={JSON.stringify([dataset.name, search, category])}
          pages={pages}
          label={`Posts in ${dataset.name}`}
        />
      )}
    </Panel>
  );
}

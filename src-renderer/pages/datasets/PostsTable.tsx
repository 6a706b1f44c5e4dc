import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { PostPages } from './use-post-pages';

/** Fixed row height: two lines of text. Measuring rows would make 100,000-row scrolling jumpy. */
const ROW_PX = 60;

export function PostsTable({ pages, label }: { pages: PostPages; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = pages.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  const { showRows } = pages;

  useEffect(() => {
    if (count > 0) showRows(first, last);
  }, [first, last, count, showRows]);

  return (
    <div className="posts-table" role="table" aria-label={label} aria-rowcount={count + 1}>
      <div className="posts-row posts-head" role="row" aria-rowindex={1}>
        <span role="columnheader">Id</span>
        <span role="columnheader">Text</span>
        <span role="columnheader">Labels</span>
      </div>
      {/* Focusable so that arrow keys, Page Up/Down, Home and End scroll it. */}
      <div
        ref={scroller}
        className="posts-scroll"
        tabIndex={0}
        role="rowgroup"
        aria-label={`${label}: scroll with the arrow keys`}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map((row) => {
            const post = pages.post(row.index);
            return (
              <div
                key={row.key}
                className={`posts-row ${row.index % 2 ? 'posts-row-odd' : ''}`}
                role="row"
                aria-rowindex={row.index + 2}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_PX }}
              >
                {post ? (
                  <>
                    <span role="cell" className="post-id" title={post.externalId}>
                      {post.externalId}
                    </span>
                    <span role="cell" className="post-text" title={post.text}>
                      {post.text}
                    </span>
                    <span role="cell" className="post-labels">
                      {post.labels.map((l) => (
                        <span key={l} className="chip">
                          {l}
                        </span>
                      ))}
                    </span>
                  </>
                ) : (
                  <span role="cell" className="post-loading">
                    Loading…
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

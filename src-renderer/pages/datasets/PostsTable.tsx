import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
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
  // The row whose whole text shows under the table: rows keep a fixed height of two lines.
  const [open, setOpen] = useState<number>();
  const opened = open === undefined ? undefined : pages.post(open);

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
                className={`posts-row posts-row-clickable ${row.index % 2 ? 'posts-row-odd' : ''} ${row.index === open ? 'posts-row-open' : ''}`}
                role="row"
                aria-rowindex={row.index + 2}
                aria-selected={row.index === open}
                tabIndex={-1}
                style={{ transform: `translateY(${row.start}px)`, height: ROW_PX }}
                onClick={() => setOpen(row.index === open ? undefined : row.index)}
              >
                {post ? (
                  <>
                    <span role="cell" className="post-id" title={post.externalId}>
                      {/* The keyboard's way in; its click reaches the row's handler. */}
                      <button type="button" className="link-button" aria-expanded={row.index === open}>
                        {post.externalId}
                      </button>
                    </span>
                    <span role="cell" className="post-text">
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
      {opened ? (
        <section className="post-detail" aria-label={`Post ${opened.externalId}`}>
          <div className="row row-between">
            <strong>Post {opened.externalId}</strong>
            <button type="button" className="button button-small" onClick={() => setOpen(undefined)}>
              Close
            </button>
          </div>
          <p className="post-detail-text">{opened.text}</p>
          <div className="post-labels">
            {opened.labels.length ? (
              opened.labels.map((l) => (
                <span key={l} className="chip">
                  {l}
                </span>
              ))
            ) : (
              <span className="muted">no labels</span>
            )}
          </div>
        </section>
      ) : (
        <p className="field-hint posts-hint">Click a post to read it whole.</p>
      )}
    </div>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ProcInput, ProcOutput } from '../../../src-main/contract/contract';
import { call } from '../../api/client';
import { decideInput, type DecisionRequest, type DecisionView, type ReviewVariant } from './review-decisions';
import { stillMatches, type ReviewFilters } from './review-filters';

type QueuePage = ProcOutput<'review.queue'>;
type FreshField = 'currentText' | 'inSet' | 'similarity' | 'verbatimRun' | 'piiCarried';

export interface ReviewQueue {
  item: QueuePage['items'][number] | undefined;
  /** The item belongs to an earlier place or query while the next one loads: shown, but not to act on. */
  stale: boolean;
  /** Originals in the queue, as of the last fetch. */
  total: number | undefined;
  /** The place asked for in the queue, from 0. */
  offset: number;
  error: string | undefined;
  next: () => void;
  previous: () => void;
  /** Saves at once; rejects with the engine's message when it could not. */
  decide: (variant: ReviewVariant, request: DecisionRequest) => Promise<void>;
}

/**
 * One original at a time from `review.queue`, with the decisions made here shown at once. After a
 * decision an original may leave a queue filtered by decision: "next" then fetches the same place
 * again, where the following original has moved up.
 */
export function useReviewQueue(dataset: string | undefined, annotator: string, filters: ReviewFilters): ReviewQueue {
  const queryKey = JSON.stringify({ dataset, annotator, filters });
  // Another query starts from its first original (derived, so no render shows a stale offset).
  const [position, setPosition] = useState({ queryKey, offset: 0 });
  const offset = position.queryKey === queryKey ? position.offset : 0;
  const requestKey = dataset && annotator ? JSON.stringify({ dataset, annotator, ...filters, offset, limit: 1 }) : null;
  /** Bumped to fetch the same place again. */
  const [fetches, setFetches] = useState(0);
  const [loaded, setLoaded] = useState<{ requestKey: string; fetches: number; page: QueuePage }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!requestKey) return;
    let current = true;
    call('review.queue', JSON.parse(requestKey) as ProcInput<'review.queue'>).then(
      (page) => {
        if (!current) return;
        setLoaded({ requestKey, fetches, page });
        setFresh({});
        setError(undefined);
      },
      (err: Error) => current && setError(err.message),
    );
    return () => {
      current = false;
    };
  }, [requestKey, fetches]);

  // Decisions shrank a filtered queue below the shown place: step back to its last original.
  const page = loaded?.page;
  useEffect(() => {
    if (page && page.items.length === 0 && page.total > 0 && offset >= page.total)
      setPosition({ queryKey, offset: page.total - 1 });
  }, [page, offset, queryKey]);

  const [saved, setSaved] = useState<{ annotator: string; byVariant: Record<number, DecisionView> }>({
    annotator,
    byVariant: {},
  });
  /**
   * The variants' text, inclusion and badges as the engine computes them after a decision here:
   * an edit changes the similarity, verbatim run and PII carry-over, a reject the inclusion.
   */
  const [fresh, setFresh] = useState<Record<number, Pick<ReviewVariant, FreshField>>>({});
  const raw = page?.items[0];
  const savedHere = saved.annotator === annotator ? saved.byVariant : {};
  const item = useMemo(
    () =>
      raw && {
        ...raw,
        variants: raw.variants.map((v) => ({ ...v, ...fresh[v.id], decision: savedHere[v.id] ?? v.decision })),
      },
    [raw, savedHere, fresh],
  );
  const stale = !loaded || loaded.requestKey !== requestKey || loaded.fetches !== fetches;
  const total = page?.total;

  const next = useCallback(() => {
    if (!item || total === undefined || stale) return;
    const left = !stillMatches(
      item.variants.map((v) => v.decision?.decision ?? null),
      filters.decision,
    );
    if (left) setFetches((n) => n + 1);
    else if (offset + 1 < total) setPosition({ queryKey, offset: offset + 1 });
  }, [item, total, stale, offset, filters.decision, queryKey]);

  const previous = useCallback(() => {
    if (offset > 0 && !stale) setPosition({ queryKey, offset: offset - 1 });
  }, [offset, stale, queryKey]);

  const decide = useCallback(
    async (variant: ReviewVariant, request: DecisionRequest) => {
      const input = decideInput(variant, annotator, request);
      const { at } = await call('review.decide', input);
      const view: DecisionView = {
        decision: input.decision,
        editedText: input.editedText ?? null,
        labels: input.labels ?? null,
        at,
      };
      setSaved((s) => ({
        annotator,
        byVariant: { ...(s.annotator === annotator ? s.byVariant : {}), [variant.id]: view },
      }));
      // This original alone, whatever the filters, so the shown place in the queue does not move.
      if (!dataset || !raw) return;
      // Not awaited: the decision is saved and the keys move on; the badges follow when this answers
      // (or, if it fails, at the next fetch of the queue).
      void call('review.queue', { dataset, annotator, post: raw.post.externalId, limit: 1 }).then(
        (again) =>
          setFresh((f) => {
            const next = { ...f };
            for (const v of again.items[0]?.variants ?? []) {
              const { currentText, inSet, similarity, verbatimRun, piiCarried } = v;
              next[v.id] = { currentText, inSet, similarity, verbatimRun, piiCarried };
            }
            return next;
          }),
        () => undefined,
      );
    },
    [annotator, dataset, raw],
  );

  return { item, stale, total, offset, error, next, previous, decide };
}

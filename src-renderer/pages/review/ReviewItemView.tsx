import { diffWords } from 'diff';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { DiffText } from './DiffText';
import { LabelChips } from './LabelChips';
import { shownText, type DecisionRequest } from './review-decisions';
import { useReviewShortcuts, type ReviewAction } from './review-shortcuts';
import type { ReviewQueue } from './use-review-queue';
import { VariantReviewCard, type CardMode } from './VariantReviewCard';

interface ReviewItemViewProps {
  item: NonNullable<ReviewQueue['item']>;
  queue: ReviewQueue;
  categories: string[];
  /** After each saved decision (progress and agreement change). */
  onDecided: () => void;
}

/**
 * An original beside its variants, driven by mouse or keyboard. Rendered with the original's id
 * as key, so each original starts at its first variant.
 */
export function ReviewItemView({ item, queue, categories, onDecided }: ReviewItemViewProps) {
  const [active, setActive] = useState(0);
  const [mode, setMode] = useState<CardMode>('view');
  const [saveError, setSaveError] = useState<string>();
  const scope = useRef<HTMLDivElement>(null);
  const cards = useRef<(HTMLElement | null)[]>([]);
  const { post, variants } = item;

  const focusVariant = (i: number) => {
    const target = Math.max(0, Math.min(variants.length - 1, i));
    setActive(target);
    setMode('view');
    cards.current[target]?.focus();
  };

  const activate = (i: number) => {
    if (i === active) return;
    setActive(i);
    setMode('view');
  };

  // The previous original's card had focus and is gone: carry keyboard users on to this one.
  useEffect(() => {
    if (document.activeElement === document.body) cards.current[0]?.focus();
  }, []);

  const decide = async (i: number, request: DecisionRequest) => {
    const variant = variants[i];
    if (!variant) return;
    try {
      await queue.decide(variant, request);
      setSaveError(undefined);
      onDecided();
      focusVariant(i + 1);
    } catch (err) {
      setSaveError((err as Error).message);
    }
  };

  const run = (action: ReviewAction) => {
    // The next original is on its way: keys would act on the one about to go.
    if (queue.stale) return;
    if (action === 'nextOriginal') return queue.next();
    if (action === 'previousOriginal') return queue.previous();
    if (action === 'nextVariant') return focusVariant(active + 1);
    if (action === 'previousVariant') return focusVariant(active - 1);
    if (action === 'accept') return void decide(active, { kind: 'accept' });
    if (action === 'reject') return void decide(active, { kind: 'reject' });
    setMode(action === 'edit' ? 'edit' : 'labels');
  };
  useReviewShortcuts(scope, run);

  const activeText = variants[active] ? shownText(variants[active]) : post.text;
  const dropped = useMemo(() => diffWords(post.text, activeText), [post.text, activeText]);
  const allDecided = variants.every((v) => v.decision);

  return (
    <div className="stack review-workspace" ref={scope} aria-busy={queue.stale} inert={queue.stale}>
      {saveError && (
        <ErrorBanner title="Your decision was not saved" message={saveError} onDismiss={() => setSaveError(undefined)}>
          Nothing was recorded for this variant. Try again; if the server has stopped, start <code>synthlab serve</code>{' '}
          and reload.
        </ErrorBanner>
      )}
      <div className="review-item">
        <section className="review-original" aria-label={`Original ${post.externalId}`}>
          <div className="pair-label">Original · {post.externalId}</div>
          <DiffText parts={dropped} side="removed" />
          <LabelChips labels={post.labels} />
          <p className="muted small">
            <del className="diff-removed">Marked</del> words are missing from variant {active + 1}; in each variant,{' '}
            <ins className="diff-added">marked</ins> words are new.
          </p>
        </section>
        <div className="review-variants">
          {variants.map((v, i) => (
            <VariantReviewCard
              key={v.id}
              ref={(el) => {
                cards.current[i] = el;
              }}
              variant={v}
              position={`Variant ${i + 1} of ${variants.length}`}
              original={post}
              categories={categories}
              active={i === active}
              mode={i === active ? mode : 'view'}
              onActivate={() => activate(i)}
              onMode={(next) => {
                setActive(i);
                setMode(next);
                if (next === 'view') cards.current[i]?.focus();
              }}
              onDecide={(request) => void decide(i, request)}
            />
          ))}
        </div>
      </div>
      {allDecided && (
        <p className="muted" role="status">
          Every variant of this original is decided. Press <kbd>n</kbd> for the next original.
        </p>
      )}
    </div>
  );
}

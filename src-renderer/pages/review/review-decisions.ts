import type { ProcInput } from '../../../src-main/contract/contract';
import type { ReviewItem } from '../../../src-main/contract/review-schemas';

export type ReviewVariant = ReviewItem['variants'][number];
export type DecisionView = NonNullable<ReviewVariant['decision']>;

/** What the annotator asked for, before it becomes a stored decision. */
export type DecisionRequest =
  { kind: 'accept' } | { kind: 'reject' } | { kind: 'edit'; text: string } | { kind: 'relabel'; labels: string[] };

/**
 * The `review.decide` input for a request. Only the latest decision counts, so corrected labels
 * are carried into a later accept or edit, and relabelling an edited variant keeps the edit.
 */
export function decideInput(
  variant: ReviewVariant,
  annotator: string,
  request: DecisionRequest,
): ProcInput<'review.decide'> {
  const before = variant.decision;
  const base = { variantId: variant.id, annotator };
  const keptLabels = before?.labels ? { labels: before.labels } : {};
  switch (request.kind) {
    case 'accept':
      return { ...base, decision: 'accept', ...keptLabels };
    case 'reject':
      return { ...base, decision: 'reject' };
    case 'edit':
      return { ...base, decision: 'edit', editedText: request.text.trim(), ...keptLabels };
    case 'relabel':
      return before?.decision === 'edit' && before.editedText
        ? { ...base, decision: 'edit', editedText: before.editedText, labels: request.labels }
        : { ...base, decision: 'relabel', labels: request.labels };
  }
}

/** The text the card shows: the annotator's own edit, else what the synthetic set holds now (another annotator's edit, or the model's text). */
export const shownText = (v: ReviewVariant): string => v.decision?.editedText ?? v.currentText;

export const DECISION_LABELS: Record<DecisionView['decision'], string> = {
  accept: 'Accepted',
  reject: 'Rejected',
  edit: 'Edited',
  relabel: 'Relabelled',
};

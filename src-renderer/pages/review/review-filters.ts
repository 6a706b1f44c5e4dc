import type { ProcInput } from '../../../src-main/contract/contract';

type Query = ProcInput<'review.queue'>;

/** What the queue is narrowed to; every field optional, as in `review.queue`. */
export type ReviewFilters = Pick<Query, 'model' | 'decision' | 'category' | 'minSimilarity' | 'maxSimilarity' | 'post'>;

export type DecisionFilter = NonNullable<ReviewFilters['decision']>;

export const DECISION_FILTER_LABELS: Record<DecisionFilter, string> = {
  undecided: 'Not decided yet',
  accept: 'Accepted',
  reject: 'Rejected',
  edit: 'Edited',
  relabel: 'Relabelled',
};

/** Whether an original, with its variants' decisions as they are now, still belongs in a queue filtered by decision. */
export function stillMatches(decisions: (string | null)[], filter: DecisionFilter | undefined): boolean {
  if (!filter) return true;
  return decisions.some((d) => (filter === 'undecided' ? d === null : d === filter));
}

/** The filters actually narrowing the queue (a select set back to "any" leaves an undefined key). */
export const activeFilters = (filters: ReviewFilters): (keyof ReviewFilters)[] =>
  (Object.keys(filters) as (keyof ReviewFilters)[]).filter((k) => filters[k] !== undefined);

import { useEffect, useRef } from 'react';
import {
  countLines,
  describeSet,
  type VariantSet,
  type VariantSetCounts,
} from '../../src-main/contract/variant-set-schemas';
import { useApi } from '../api/use-api';
import { formatCount } from '../lib/format';
import { ErrorBanner } from './ErrorBanner';

/** The counts of a set as one line of label–number pairs. */
export function CountsLine({ counts }: { counts: VariantSetCounts }) {
  return (
    <dl className="set-counts">
      {countLines(counts).map(([label, n]) => (
        <div key={label} className={label === 'included' ? 'set-counts-included' : undefined}>
          <dt>{label}</dt>
          <dd>{formatCount(n)}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The dataset's synthetic set as it is now, from the one counts query (`synthetic.counts`) that
 * the Review, Generation, Privacy and Classifier pages share, so their numbers agree.
 * `refresh` changes when something that may change the set happened (a decision, a finished job).
 */
export function SyntheticSetCounter({ dataset, refresh }: { dataset: string; refresh?: unknown }) {
  const counts = useApi('synthetic.counts', { dataset });
  const { reload } = counts;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else reload();
  }, [refresh, reload]);
  return (
    <section className="stack-tight" aria-label="Synthetic set counts">
      <p className="muted">
        The synthetic set: variants of generation jobs that passed the reply gate and that review does not keep out,
        with reviewers’ edits and relabels. Experiments, the audit, exports and the release use it by default.
      </p>
      {counts.error && <ErrorBanner title="Could not count the synthetic set" message={counts.error} />}
      {counts.data ? <CountsLine counts={counts.data} /> : !counts.error && <p className="muted">Counting…</p>}
    </section>
  );
}

/** Which variants a stored result used (null for results stored before sets were recorded). */
export function ResultSetNote({ counts }: { counts: VariantSetCounts | null }) {
  if (!counts) return <p className="muted">Variants: not recorded (stored before results recorded their set).</p>;
  return (
    <div className="stack-tight">
      <p className="muted">Variants: {describeSet(counts)}.</p>
      <CountsLine counts={counts} />
    </div>
  );
}

export const VARIANT_SET_LABELS: Record<VariantSet, string> = {
  synthetic: 'The synthetic set (what review let through, with edits and relabels)',
  'all-generated': 'All generated variants that passed the gate (review ignored)',
};

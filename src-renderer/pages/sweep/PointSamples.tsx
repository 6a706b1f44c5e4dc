import { useEffect, useRef } from 'react';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatScore, formatTemperature, plural } from '../../lib/format';
import type { SweepPointRef } from './SweepDot';

/** The sampled originals and their variants behind one point of the curve. */
export function PointSamples({
  sweep,
  point,
  onLoaded,
}: {
  sweep: number;
  point: SweepPointRef;
  /** Called when the samples of a newly chosen point have arrived (the page can scroll to them then). */
  onLoaded?: () => void;
}) {
  const samples = useApi('sweeps.point', { sweep, ...point });
  const latestOnLoaded = useRef(onLoaded);
  useEffect(() => {
    latestOnLoaded.current = onLoaded;
  });
  useEffect(() => {
    if (samples.data) latestOnLoaded.current?.();
  }, [samples.data]);
  if (samples.error) return <ErrorBanner title="Could not load the samples" message={samples.error} />;
  if (!samples.data) return <p className="muted">Loading…</p>;
  if (samples.data.length === 0)
    return (
      <EmptyState title="No samples at this point">
        <p>The sweep has not reached this temperature yet; its samples appear here once made.</p>
      </EmptyState>
    );
  const failed = samples.data.filter((s) => s.status === 'failed').length;
  return (
    <div className="stack">
      <p className="muted">
        {plural(samples.data.length, 'sample')} of {point.model} at temperature {formatTemperature(point.temperature)}
        {failed > 0 && `, ${failed} rejected by the checks (not in the mean)`}.
      </p>
      <ul className="variant-list" aria-label="Samples">
        {samples.data.map((s, i) => (
          <li key={`${s.postId}-${i}`} className="variant">
            <div className="variant-meta">
              <span className="variant-model">Post {s.sourceId}</span>
              <span className="spacer" />
              {s.similarity !== null && (
                <Badge tone="info" title="Cosine similarity to the original">
                  similarity {formatScore(s.similarity, 2)}
                </Badge>
              )}
              <Badge tone={s.status === 'ok' ? 'good' : 'bad'}>{s.status === 'ok' ? 'accepted' : 'rejected'}</Badge>
            </div>
            <div className="variant-pair">
              <div>
                <div className="pair-label">Original</div>
                <p className="pair-text">{s.source}</p>
              </div>
              <div>
                <div className="pair-label">Variant</div>
                <p className={`pair-text ${s.status === 'failed' ? 'pair-text-failed' : ''}`}>
                  {s.variant ?? '(no text)'}
                </p>
                {s.failureReason && <p className="failure-reason">Rejected: {s.failureReason}</p>}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

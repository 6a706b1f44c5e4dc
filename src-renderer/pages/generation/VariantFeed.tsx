import { useEffect, useRef, useState } from 'react';
import type { VariantView } from '../../../src-main/contract/contract';
import { useApi } from '../../api/use-api';
import { useJobLive } from '../../app/job-activity';
import { isTerminal, useJob } from '../../app/use-job';
import { Badge } from '../../components/Badge';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount, formatTemperature } from '../../lib/format';

const PAGE = 20;
/** While a job runs, the list refreshes at most this often however fast variants arrive. */
const REFRESH_MS = 800;

type StatusFilter = 'all' | 'ok' | 'failed';

function VariantCard({ variant }: { variant: VariantView }) {
  return (
    <li className="variant">
      <div className="variant-meta">
        <span className="variant-model">{variant.model}</span>
        <span className="muted">
          post {variant.sourceId} · T {formatTemperature(variant.temperature)} · seed {variant.seed}
          {variant.attempts > 1 ? ` · ${variant.attempts} attempts` : ''}
        </span>
        <span className="spacer" />
        {variant.similarity !== null && (
          <Badge tone="info" title="Cosine similarity to the original (lower keeps less of its wording)">
            similarity {variant.similarity.toFixed(2)}
          </Badge>
        )}
        <Badge tone={variant.status === 'ok' ? 'good' : 'bad'}>
          {variant.status === 'ok' ? 'accepted' : 'rejected'}
        </Badge>
      </div>
      <div className="variant-pair">
        <div>
          <div className="pair-label">Original</div>
          <p className="pair-text">{variant.source}</p>
        </div>
        <div>
          <div className="pair-label">Variant</div>
          <p className={`pair-text ${variant.status === 'failed' ? 'pair-text-failed' : ''}`}>
            {variant.text ?? '(no text)'}
          </p>
          {variant.failureReason && <p className="failure-reason">Rejected: {variant.failureReason}</p>}
        </div>
      </div>
    </li>
  );
}

interface VariantFeedProps {
  dataset: string;
  /** The job whose variants to show, or null for every job on the dataset. */
  job: number | null;
}

/** The variants as they arrive, newest first, refreshed by the job's progress events. */
export function VariantFeed({ dataset, job }: VariantFeedProps) {
  const [status, setStatus] = useState<StatusFilter>('all');
  const [shown, setShown] = useState(PAGE);
  const variants = useApi('variants.list', {
    dataset,
    limit: shown,
    ...(job === null ? {} : { job }),
    ...(status === 'all' ? {} : { status }),
  });

  const live = useJobLive(job);
  const { reload } = variants;
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (!live || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      reload();
    }, REFRESH_MS);
  }, [live, reload]);
  useEffect(() => () => clearTimeout(pending.current), []);

  const page = variants.data;
  // One source for the count while a job runs: its progress (as in the Progress panel and the jobs
  // table); the list itself catches up at its next refresh.
  const status_ = useJob(job);
  const running = status_ !== undefined && !isTerminal(status_.state);
  const count = page && running && status === 'all' ? Math.max(page.total, status_.done) : page?.total;
  return (
    <div className="stack">
      <div className="row row-between">
        <p className="result-count" aria-live="polite">
          {count !== undefined ? `${formatCount(count)} ${count === 1 ? 'variant' : 'variants'}` : 'Loading…'}
          {job !== null && ` from job #${job}`}
        </p>
        <label className="inline-field">
          Show{' '}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}>
            <option value="all">all</option>
            <option value="ok">accepted by the checks</option>
            <option value="failed">rejected by the checks</option>
          </select>
        </label>
      </div>
      {variants.error && <ErrorBanner title="Could not load variants" message={variants.error} />}
      {page && page.total === 0 ? (
        <EmptyState title="No variants yet">
          <p>
            {job === null
              ? 'Start a generation above; variants appear here as each is made.'
              : 'They appear here as the job makes them.'}
          </p>
        </EmptyState>
      ) : (
        <ul className="variant-list">
          {page?.items.map((v) => (
            <VariantCard key={v.id} variant={v} />
          ))}
        </ul>
      )}
      {page && page.items.length < page.total && (
        <div className="row">
          <button type="button" className="button" onClick={() => setShown((n) => n + PAGE)}>
            Show {Math.min(PAGE, page.total - page.items.length)} more
          </button>
        </div>
      )}
    </div>
  );
}

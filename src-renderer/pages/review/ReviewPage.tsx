import { useMemo, useState } from 'react';
import { useApi } from '../../api/use-api';
import { hrefFor } from '../../app/router';
import { useDatasets } from '../../app/use-datasets';
import { DatasetPicker } from '../../components/DatasetPicker';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NoDatasetsYet } from '../../components/NoDatasetsYet';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { formatCount } from '../../lib/format';
import { REVIEW_RULES } from '../../../src-main/contract/variant-set-schemas';
import { SyntheticSetCounter } from '../../components/VariantSetCounts';
import { AgreementTable } from './AgreementTable';
import { DisagreementList } from './DisagreementList';
import { AnnotatorField } from './AnnotatorField';
import { activeFilters, type ReviewFilters } from './review-filters';
import { clearLinkedPost, useLinkedPost } from './review-link';
import { ReviewFilterBar } from './ReviewFilterBar';
import { ReviewItemView } from './ReviewItemView';
import { ReviewProgress } from './ReviewProgress';
import { ShortcutHelp } from './ShortcutHelp';
import { useAnnotator } from './use-annotator';
import { useReviewQueue, type ReviewQueue } from './use-review-queue';

function QueueNavigation({ queue }: { queue: ReviewQueue }) {
  if (!queue.total) return null;
  return (
    <div className="row">
      <span className="muted" aria-live="polite">
        Original {formatCount(queue.offset + 1)} of {formatCount(queue.total)}
      </span>
      <button
        type="button"
        className="button button-small"
        onClick={queue.previous}
        disabled={queue.offset === 0}
        aria-keyshortcuts="p"
      >
        Previous <kbd aria-hidden="true">p</kbd>
      </button>
      <button type="button" className="button button-small" onClick={queue.next} aria-keyshortcuts="n">
        Next <kbd aria-hidden="true">n</kbd>
      </button>
    </div>
  );
}

interface EmptyQueueProps {
  dataset: string;
  filters: ReviewFilters;
  onClear: () => void;
}

function EmptyQueue({ dataset, filters, onClear }: EmptyQueueProps) {
  const active = activeFilters(filters);
  if (filters.decision === 'undecided' && active.length === 1)
    return (
      <EmptyState title="Nothing left to decide">
        <p>You have decided every variant in {dataset}. Choose “any” decision to go over them again.</p>
      </EmptyState>
    );
  if (active.length > 0)
    return (
      <EmptyState title="No original matches these filters">
        <button type="button" className="button" onClick={onClear}>
          Clear the filters
        </button>
      </EmptyState>
    );
  return (
    <EmptyState title={`No variants to review in ${dataset}`}>
      <p>
        Make some on the <a href={hrefFor('generation')}>Generation page</a>; variants accepted by the checks are queued
        here.
      </p>
    </EmptyState>
  );
}

export function ReviewPage() {
  const datasets = useDatasets();
  const dataset = datasets.current;
  const [annotator, setAnnotator] = useAnnotator();
  const linkedPost = useLinkedPost();
  const [picked, setPicked] = useState<Omit<ReviewFilters, 'post'>>({});
  const filters = useMemo<ReviewFilters>(
    () => (linkedPost ? { ...picked, post: linkedPost } : picked),
    [picked, linkedPost],
  );

  const queue = useReviewQueue(dataset?.name, annotator, filters);
  const models = useApi('models.list', {});
  const progress = useApi('review.progress', dataset && annotator ? { dataset: dataset.name, annotator } : null);
  const agreement = useApi('review.agreement', dataset ? { dataset: dataset.name } : null);
  const disagreements = useApi('review.disagreements', dataset ? { dataset: dataset.name } : null);
  const [decisions, setDecisions] = useState(0);
  const onDecided = () => {
    progress.reload();
    agreement.reload();
    disagreements.reload();
    setDecisions((n) => n + 1);
  };

  const categories = dataset?.categories.map((c) => c.name) ?? [];
  const clearFilters = () => {
    setPicked({});
    if (linkedPost) clearLinkedPost();
  };

  return (
    <div className="page">
      <PageHeader title="Review" actions={<DatasetPicker datasets={datasets} />}>
        Read each original beside its variants and decide: accept, reject, correct the text or the labels. Every
        decision is saved the moment you make it.
      </PageHeader>
      {datasets.error && <ErrorBanner title="Could not list datasets" message={datasets.error} />}
      {datasets.list?.length === 0 && <NoDatasetsYet />}
      {dataset && (
        <>
          <div className="grid grid-2">
            <Panel title="What your decisions do">
              <ul className="review-rules">
                {(['accept', 'reject', 'edit', 'relabel', 'annotators'] as const).map((k) => (
                  <li key={k}>{REVIEW_RULES[k]}</li>
                ))}
              </ul>
            </Panel>
            <Panel title="Synthetic set">
              <SyntheticSetCounter dataset={dataset.name} refresh={decisions} />
            </Panel>
          </div>
          <Panel title="Annotator">
            <div className="stack">
              <AnnotatorField annotator={annotator} onChange={setAnnotator} />
              {progress.data && <ReviewProgress progress={progress.data} />}
              {progress.error && <ErrorBanner title="Could not load your progress" message={progress.error} />}
            </div>
          </Panel>
          {annotator && (
            <Panel title="Original and variants" actions={<QueueNavigation queue={queue} />}>
              <div className="stack">
                <ReviewFilterBar
                  filters={picked}
                  onChange={setPicked}
                  models={models.data?.models.map((m) => m.name) ?? []}
                  categories={categories}
                />
                {linkedPost && (
                  <p className="row">
                    <span>
                      Showing only post <code>{linkedPost}</code>, opened from another page.
                    </span>
                    <button type="button" className="link-button" onClick={clearLinkedPost}>
                      Show the whole queue
                    </button>
                  </p>
                )}
                {queue.error && (
                  <ErrorBanner title="Could not load the queue" message={queue.error}>
                    Check the filters: similarity goes from 0 to 1.
                  </ErrorBanner>
                )}
                {queue.item ? (
                  <ReviewItemView
                    key={queue.item.post.id}
                    item={queue.item}
                    queue={queue}
                    categories={categories}
                    onDecided={onDecided}
                  />
                ) : queue.total === 0 ? (
                  <EmptyQueue dataset={dataset.name} filters={filters} onClear={clearFilters} />
                ) : (
                  !queue.error && <p className="muted">Loading…</p>
                )}
                <ShortcutHelp />
              </div>
            </Panel>
          )}
          <Panel title="Agreement between annotators">
            {agreement.error && <ErrorBanner title="Could not compute agreement" message={agreement.error} />}
            {agreement.data && <AgreementTable agreement={agreement.data} />}
          </Panel>
          <Panel title="Where annotators disagree">
            {disagreements.error && <ErrorBanner title="Could not list disagreements" message={disagreements.error} />}
            {disagreements.data && <DisagreementList data={disagreements.data} />}
          </Panel>
        </>
      )}
    </div>
  );
}

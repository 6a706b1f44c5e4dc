import { useState } from 'react';
import { termSelectionNote, type ExperimentResult } from '../../../src-main/contract/classify-schemas';
import { EmptyState } from '../../components/EmptyState';
import { formatDuration, plural } from '../../lib/format';
import { AggregatesTable } from './AggregatesTable';
import { F1Chart } from './F1Chart';
import { F1_VIEW_LABELS, f1Groups, nothingLearnt, type F1View } from './experiment-runs';
import { RetentionTable } from './RetentionTable';
import { sourceLabel } from './sources';

function Settings({ result }: { result: ExperimentResult }) {
  const o = result.options;
  return (
    <p className="muted">
      Encoder <code>{result.encoder}</code>
      {result.encoder.startsWith('tfidf') && <> ({termSelectionNote(o.termSelection)})</>}, {result.head} head,{' '}
      {plural(o.epochs, 'epoch')}, batch size {o.batchSize}, weight decay {o.weightDecay}, learning rate{' '}
      {o.lr ?? 'default'}, seed {result.split.seed}; {result.split.train_posts} training and {result.split.test_posts}{' '}
      test originals; {formatDuration(result.seconds)}.
    </p>
  );
}

/** One experiment: the per-category F1 chart, the aggregates and label retention. */
export function ExperimentResults({ result }: { result: ExperimentResult }) {
  const [view, setView] = useState<F1View>('within');
  const groups = f1Groups(result, view);
  return (
    <div className="stack">
      <Settings result={result} />
      <fieldset className="segmented" aria-label="Runs in the chart">
        {(Object.keys(F1_VIEW_LABELS) as F1View[]).map((v) => (
          <label key={v}>
            <input type="radio" name="f1-view" checked={view === v} onChange={() => setView(v)} />
            {F1_VIEW_LABELS[v]}
          </label>
        ))}
      </fieldset>
      {groups.length > 0 && nothingLearnt(groups) && (
        <p className="notice" role="note">
          Every F1 is 0: the classifiers tagged no post with any category. Train longer ({result.options.epochs} epochs
          here; 50 is the default) or with a higher learning rate.
        </p>
      )}
      {groups.length > 0 ? (
        <F1Chart result={result} groups={groups} />
      ) : (
        <EmptyState title="No runs to chart">
          <p>Every run of this view was skipped; the reasons are listed below.</p>
        </EmptyState>
      )}
      <h3>Aggregates</h3>
      <AggregatesTable result={result} />
      <h3>Label retention</h3>
      <p className="muted">
        Of the variants whose original carries a category, the share the classifier trained on originals still tags with
        it (held-out originals only).
      </p>
      <RetentionTable result={result} />
      {result.skipped.length > 0 && (
        <details className="disclosure">
          <summary>{plural(result.skipped.length, 'run')} skipped</summary>
          <ul className="plain-list">
            {result.skipped.map((s) => (
              <li key={`${s.experiment}-${s.train_source}-${s.test_source}`}>
                ({s.experiment}) {sourceLabel(s.train_source)} → {sourceLabel(s.test_source)}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

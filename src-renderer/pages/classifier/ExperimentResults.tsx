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
  const lbfgs = o.solver === 'lbfgs';
  return (
    <p className="muted">
      <strong>{result.method || `${result.head} head on ${result.encoder}`}</strong>
      {result.encoder.startsWith('tfidf') && <> ({termSelectionNote(o.termSelection ?? 'none')})</>}
      {lbfgs ? (
        <>
          , class weights {String(o.positiveWeight)}, thresholds{' '}
          {o.thresholds === 'tuned' ? 'tuned out of fold' : 'fixed'}
        </>
      ) : (
        <>, learning rate {o.lr ?? 'default'}</>
      )}
      , seed {result.split.seed}; {result.split.train_posts} training and {result.split.test_posts} test originals;{' '}
      {formatDuration(result.seconds)}.
    </p>
  );
}

/** The C each category got and its threshold, per trained head (L-BFGS runs). */
function FitTable({ result }: { result: ExperimentResult }) {
  const heads = result.runs.filter((r) => r.head_run === r.run && r.fit);
  if (!heads.length) return null;
  const categories = heads[0]!.metrics.categories.map((c) => c.name);
  return (
    <details className="disclosure">
      <summary>Chosen C and thresholds of each trained head</summary>
      <div className="table-scroll">
        <table className="data-table wrap-headers" aria-label="Chosen C and thresholds">
          <thead>
            <tr>
              <th scope="col">Trained on</th>
              {categories.map((c) => (
                <th key={c} scope="col" className="numeric">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heads.map((r) => (
              <tr key={r.run}>
                <th scope="row">{sourceLabel(r.train_source)}</th>
                {categories.map((c, j) => (
                  <td key={c} className="numeric">
                    C {r.fit!.c[j]} · t {r.fit!.thresholds[j]?.toFixed(2) ?? '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        C chosen per category by {heads[0]!.fit!.folds}-fold cross-validation on the training posts only; thresholds (t)
        tuned on the same out-of-fold predictions; then each head refitted on all its training posts.
      </p>
    </details>
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
          Every F1 is 0 or undefined: the classifiers tagged no post with any category.{' '}
          {result.options.solver === 'adamw'
            ? `Train longer (${result.options.epochs} epochs here; 50 is the default) or with a higher learning rate.`
            : 'The training posts may be too few or their labels too rare.'}
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
      <FitTable result={result} />
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

import { useState, type FormEvent } from 'react';
import type { ExperimentResult, PredictionReport } from '../../../src-main/contract/classify-schemas';
import { call } from '../../api/client';
import { Badge } from '../../components/Badge';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { RunPicker, type RunOption } from '../../components/RunPicker';
import { useAction } from '../../components/use-action';
import { sourceLabel } from './sources';

/** The experiment's trained heads, one per training source, named by what they were trained on. */
function trainedRuns(result: ExperimentResult): RunOption[] {
  const seen = new Set<number>();
  return result.runs.flatMap((r) => {
    if (seen.has(r.head_run)) return [];
    seen.add(r.head_run);
    return [{ id: r.head_run, label: `run ${r.head_run}: trained on ${sourceLabel(r.train_source)}` }];
  });
}

/** A text's predicted categories, likeliest first, then the likeliest category not predicted. */
function PredictionRow({ report, index }: { report: PredictionReport; index: number }) {
  const p = report.predictions[index]!;
  const predicted = [...p.labels].sort((a, b) => p.scores[b]! - p.scores[a]!);
  const others = report.categories.filter((c) => !p.labels.includes(c)).sort((a, b) => p.scores[b]! - p.scores[a]!);
  const next = others[0];
  return (
    <tr>
      <td>{p.text}</td>
      <td>
        {predicted.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <span className="row">
            {predicted.map((c) => (
              <Badge key={c} tone="info" title={`probability ${p.scores[c]!.toFixed(3)}`}>
                {c} {p.scores[c]!.toFixed(2)}
              </Badge>
            ))}
          </span>
        )}
      </td>
      <td className="muted">{next === undefined ? '—' : `${next} ${p.scores[next]!.toFixed(2)}`}</td>
    </tr>
  );
}

/** Labels texts that a person types with one of the experiment's trained classifiers. */
export function LabelTextsPanel({ result }: { result: ExperimentResult }) {
  const runs = trainedRuns(result);
  const [run, setRun] = useState(runs[0]?.id);
  const [text, setText] = useState('');
  const [report, setReport] = useState<PredictionReport>();
  const chosen = runs.some((r) => r.id === run) ? run : runs[0]?.id;
  const label = useAction(async () => {
    const texts = text.split('\n').filter((t) => t.trim() !== '');
    if (chosen === undefined || texts.length === 0) return;
    setReport(await call('classifier.predict', { run: chosen, texts }));
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void label.run();
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Label new text">
      <div className="grid grid-main-side">
        <Field label="Texts, one per line">
          <textarea rows={4} value={text} onChange={(e) => setText(e.currentTarget.value)} />
        </Field>
        <div className="stack">
          <RunPicker label="Classifier" runs={runs} value={chosen} onChange={setRun} />
          <div className="row">
            <button type="submit" className="button button-primary" disabled={label.busy || text.trim() === ''}>
              {label.busy ? 'Labelling…' : 'Label'}
            </button>
          </div>
        </div>
      </div>
      {label.error && (
        <ErrorBanner title="Could not label the texts" message={label.error} onDismiss={label.clearError} />
      )}
      {report && (
        <table className="data-table" aria-label="Predicted categories">
          <thead>
            <tr>
              <th>Text</th>
              <th>Predicted (probability)</th>
              <th>Likeliest other</th>
            </tr>
          </thead>
          <tbody>
            {report.predictions.map((_, i) => (
              <PredictionRow key={i} report={report} index={i} />
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}

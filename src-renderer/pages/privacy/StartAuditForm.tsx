import { useState, type FormEvent } from 'react';
import { api, type ProcInput } from '../../../src-main/contract/contract';
import { call } from '../../api/client';
import { EmbedderField } from '../../components/EmbedderField';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { VARIANT_SET_LABELS } from '../../components/VariantSetCounts';
import { VARIANT_SETS, type AuditVariantSet } from '../../../src-main/contract/variant-set-schemas';
import { useAction } from '../../components/use-action';
import { busyReason, useRunningJob } from '../../components/use-running-job';
import { errorsByField } from '../../lib/form-values';

type StartInput = ProcInput<'audits.start'>;

export function StartAuditForm({ dataset, onStarted }: { dataset: string; onStarted: (job: number) => void }) {
  const [embedder, setEmbedder] = useState('tfidf');
  const [minRun, setMinRun] = useState('8');
  const [variantSet, setVariantSet] = useState<AuditVariantSet>('synthetic');
  const [sweep, setSweep] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const running = useRunningJob('audit');
  const start = useAction(async () => {
    const input: StartInput = {
      dataset,
      embedder,
      minRun: Number(minRun),
      variantSet,
      ...(variantSet === 'sweep' && sweep.trim() ? { sweep: Number(sweep) } : {}),
    };
    const checked = api['audits.start'].input.safeParse(input);
    if (!checked.success) {
      setFieldErrors(errorsByField(checked.error));
      return;
    }
    setFieldErrors({});
    const started = await call('audits.start', input);
    onStarted(started.job);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start.run();
  };
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Audit settings">
      <p className="muted">
        Ranks every original by similarity to each variant (could an attacker find the source?), and looks for copied
        runs of words and specific values carried over.
      </p>
      <EmbedderField
        label="Similarity measured with"
        value={embedder}
        onChange={setEmbedder}
        kinds={['tfidf', 'onnx', 'gguf']}
        error={fieldErrors.embedder}
      />
      <Field
        label="Variants"
        hint="Sweep samples are audited on their own, per temperature, never mixed into the synthetic set."
        error={fieldErrors.variantSet}
      >
        <select value={variantSet} onChange={(e) => setVariantSet(e.currentTarget.value as AuditVariantSet)}>
          {VARIANT_SETS.map((s) => (
            <option key={s} value={s}>
              {VARIANT_SET_LABELS[s]}
            </option>
          ))}
          <option value="sweep">Samples of a temperature sweep, per temperature</option>
        </select>
      </Field>
      {variantSet === 'sweep' && (
        <Field label="Sweep" hint="The sweep’s number; blank for the latest sweep of this dataset." error={fieldErrors.sweep}>
          <input type="number" min={1} value={sweep} onChange={(e) => setSweep(e.currentTarget.value)} />
        </Field>
      )}
      <Field
        label="Verbatim run"
        hint="Shared consecutive words from which a variant counts as copying."
        error={fieldErrors.minRun}
      >
        <input type="number" min={1} value={minRun} onChange={(e) => setMinRun(e.currentTarget.value)} />
      </Field>
      <div className="row">
        <button
          type="submit"
          className="button button-primary"
          disabled={start.busy || running !== undefined}
          title={running && busyReason(running, 'Audit')}
        >
          {start.busy ? 'Starting…' : 'Run audit'}
        </button>
      </div>
      {running && (
        <p className="field-hint" role="status">
          {busyReason(running, 'Audit')}
        </p>
      )}
      {start.error && (
        <ErrorBanner title="Could not start the audit" message={start.error} onDismiss={start.clearError} />
      )}
    </form>
  );
}

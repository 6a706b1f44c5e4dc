import { useState, type FormEvent } from 'react';
import { api, type ModelView, type ProcInput } from '../../../src-main/contract/contract';
import { DEFAULT_SWEEP_TEMPERATURES } from '../../../src-main/contract/schemas';
import { call } from '../../api/client';
import { EmbedderField } from '../../components/EmbedderField';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { GenerationLimitFields } from '../../components/GenerationLimitFields';
import { RunDefaultsNote } from '../../components/RunDefaultsNote';
import { useAction } from '../../components/use-action';
import { busyReason, useRunningJob } from '../../components/use-running-job';
import { formatTemperature, plural } from '../../lib/format';
import { errorsByField, optionalNumber } from '../../lib/form-values';
import { useRemembered } from '../../lib/remembered';
import { temperatureGrid } from './temperature-grid';

type StartInput = ProcInput<'sweeps.start'>;

interface StartSweepFormProps {
  dataset: string;
  models: ModelView[];
  onStarted: (job: number) => void;
}

const DEFAULT_FROM = DEFAULT_SWEEP_TEMPERATURES[0]!;
const DEFAULT_TO = DEFAULT_SWEEP_TEMPERATURES.at(-1)!;

export function StartSweepForm({ dataset, models, onStarted }: StartSweepFormProps) {
  // Remembered per dataset: coming back must not find the defaults (one click from a large job).
  const [remembered, setChosen] = useRemembered<string[]>(
    'sweep',
    dataset,
    'models',
    models.slice(0, 3).map((m) => m.name),
  );
  const chosen = remembered.filter((name) => models.some((m) => m.name === name));
  const [sampleSize, setSampleSize] = useRemembered('sweep', dataset, 'sampleSize', '50');
  const [from, setFrom] = useRemembered('sweep', dataset, 'from', String(DEFAULT_FROM));
  const [to, setTo] = useRemembered('sweep', dataset, 'to', String(DEFAULT_TO));
  const [step, setStep] = useRemembered('sweep', dataset, 'step', '0.1');
  const [k, setK] = useRemembered('sweep', dataset, 'k', '1');
  const [seed, setSeed] = useRemembered('sweep', dataset, 'seed', '1');
  const [embedder, setEmbedder] = useRemembered('sweep', dataset, 'embedder', 'tfidf');
  const [threads, setThreads] = useRemembered('sweep', dataset, 'threads', '');
  const [maxTokens, setMaxTokens] = useRemembered('sweep', dataset, 'maxTokens', '');
  const [maxAttempts, setMaxAttempts] = useRemembered('sweep', dataset, 'maxAttempts', '');
  const running = useRunningJob('sweep');
  const [minAcceptedShare, setMinAcceptedShare] = useRemembered('sweep', dataset, 'minAcceptedShare', '');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const grid = temperatureGrid(Number(from), Number(to), Number(step));

  const start = useAction(async () => {
    if (!grid.ok) {
      setFieldErrors({ temperatures: grid.error });
      return;
    }
    const input: StartInput = {
      dataset,
      models: chosen,
      sampleSize: Number(sampleSize),
      temperatures: grid.temperatures,
      k: Number(k),
      seed: Number(seed),
      embedder,
      threads: optionalNumber(threads),
      maxTokens: optionalNumber(maxTokens),
      maxAttempts: optionalNumber(maxAttempts),
      minAcceptedShare: optionalNumber(minAcceptedShare),
    };
    // The contract's own schema checks the form first, so errors sit beside their fields.
    const checked = api['sweeps.start'].input.safeParse(input);
    if (!checked.success) {
      setFieldErrors(errorsByField(checked.error));
      return;
    }
    setFieldErrors({});
    const started = await call('sweeps.start', input);
    onStarted(started.job);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start.run();
  };
  const toggleModel = (name: string, on: boolean) =>
    setChosen((all) => (on ? [...all, name] : all.filter((n) => n !== name)));

  const temperatures = grid.ok ? grid.temperatures.length : 0;
  const variants = Number(sampleSize) * temperatures * chosen.length * Number(k);
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Sweep settings">
      <fieldset className="choice-group" aria-describedby="sweep-models-error">
        <legend>Models</legend>
        {models.map((m) => (
          <label key={m.id}>
            <input
              type="checkbox"
              checked={chosen.includes(m.name)}
              onChange={(e) => toggleModel(m.name, e.currentTarget.checked)}
            />{' '}
            {m.name} <span className="muted">({m.family})</span>
          </label>
        ))}
        {fieldErrors.models && (
          <p id="sweep-models-error" className="field-error">
            {fieldErrors.models}
          </p>
        )}
      </fieldset>

      <fieldset className="choice-group" aria-describedby="sweep-grid-summary">
        <legend>Temperature grid</legend>
        <div className="grid grid-3">
          <Field label="From">
            <input
              type="number"
              min={0}
              max={2}
              step={0.05}
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
          </Field>
          <Field label="To">
            <input
              type="number"
              min={0}
              max={2}
              step={0.05}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
            />
          </Field>
          <Field label="Step">
            <input
              type="number"
              min={0.01}
              max={2}
              step={0.05}
              value={step}
              onChange={(e) => setStep(e.currentTarget.value)}
            />
          </Field>
        </div>
        <p id="sweep-grid-summary" className={grid.ok ? 'field-hint' : 'field-error'}>
          {grid.ok ? `Temperatures: ${grid.temperatures.map(formatTemperature).join(', ')}` : grid.error}
        </p>
        {fieldErrors.temperatures && grid.ok && <p className="field-error">{fieldErrors.temperatures}</p>}
      </fieldset>

      <div className="grid grid-3">
        <Field label="Sample size" hint="Originals drawn at random." error={fieldErrors.sampleSize}>
          <input type="number" min={1} value={sampleSize} onChange={(e) => setSampleSize(e.currentTarget.value)} />
        </Field>
        <Field label="Variants (k)" hint="Per original and temperature." error={fieldErrors.k}>
          <input type="number" min={1} max={20} value={k} onChange={(e) => setK(e.currentTarget.value)} />
        </Field>
        <Field label="Seed" hint="Same seed, same sample." error={fieldErrors.seed}>
          <input type="number" min={0} value={seed} onChange={(e) => setSeed(e.currentTarget.value)} />
        </Field>
      </div>

      <EmbedderField
        label="Similarity measured with"
        value={embedder}
        onChange={setEmbedder}
        kinds={['tfidf', 'onnx', 'gguf']}
        error={fieldErrors.embedder}
      />

      <details className="disclosure">
        <summary>Advanced: threads, tokens, attempts</summary>
        <div className="grid grid-3">
          <GenerationLimitFields
            values={{ threads, maxTokens, maxAttempts }}
            onChange={(field, value) =>
              ({ threads: setThreads, maxTokens: setMaxTokens, maxAttempts: setMaxAttempts })[field](value)
            }
            errors={fieldErrors}
          />
          <Field
            label="Least accepted share"
            hint="0–1. A temperature is only chosen when the reply gate accepts at least this share of its replies. Blank: 0.8."
            error={fieldErrors.minAcceptedShare}
          >
            <input
              type="number"
              inputMode="decimal"
              min={0}
              max={1}
              step={0.05}
              value={minAcceptedShare}
              onChange={(e) => setMinAcceptedShare(e.currentTarget.value)}
            />
          </Field>
        </div>
      </details>
      <RunDefaultsNote threads={threads} />

      <div className="row">
        <button
          type="submit"
          className="button button-primary"
          disabled={start.busy || running !== undefined}
          title={running && busyReason(running, 'Sweep')}
        >
          {start.busy ? 'Starting…' : 'Run sweep'}
        </button>
        <span className="muted">
          {Number.isFinite(variants) && variants > 0 ? `${plural(variants, 'variant')} to generate` : ''}
        </span>
      </div>
      {running && (
        <p className="field-hint" role="status">
          {busyReason(running, 'Sweep')}
        </p>
      )}
      {start.error && (
        <ErrorBanner title="Could not start the sweep" message={start.error} onDismiss={start.clearError}>
          {start.error.includes('embedder') || start.error.includes('onnx') || start.error.includes('gguf')
            ? 'Check the model path, or measure similarity with the built-in TF-IDF.'
            : undefined}
        </ErrorBanner>
      )}
    </form>
  );
}

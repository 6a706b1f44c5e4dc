import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/use-api';
import { busyReason, useRunningJob } from '../../components/use-running-job';
import { useRemembered } from '../../lib/remembered';
import { api, type ModelView, type ProcInput } from '../../../src-main/contract/contract';
import type { DatasetSummary } from '../../../src-main/contract/schemas';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { GenerationLimitFields } from '../../components/GenerationLimitFields';
import { RunDefaultsNote } from '../../components/RunDefaultsNote';
import { useAction } from '../../components/use-action';
import { formatCount, formatTemperature, plural } from '../../lib/format';

type TemperatureMode = 'auto' | 'one' | 'per-model';
type StartInput = ProcInput<'generate.start'>;

/** The engine's own default, shown so the person knows what "one value" starts from. */
const DEFAULT_TEMPERATURE = 0.8;

interface StartGenerationFormProps {
  datasets: DatasetSummary[];
  dataset: DatasetSummary;
  onDataset: (name: string) => void;
  models: ModelView[];
  onStarted: (job: number) => void;
}

/** Blank number fields mean "the engine's default" and are left out of the request. */
const optionalNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

export function StartGenerationForm({ datasets, dataset, onDataset, models, onStarted }: StartGenerationFormProps) {
  // Remembered per dataset, so coming back finds the settings as they were.
  const ds = dataset.name;
  const [remembered, setChosen] = useRemembered<string[]>(
    'generation',
    ds,
    'models',
    models.slice(0, 3).map((m) => m.name),
  );
  const chosen = remembered.filter((name) => models.some((m) => m.name === name));
  const [storedMode, setMode] = useRemembered('generation', ds, 'mode', '');
  const [temperature, setTemperature] = useRemembered('generation', ds, 'temperature', String(DEFAULT_TEMPERATURE));
  const [perModel, setPerModel] = useRemembered<Record<string, string>>('generation', ds, 'perModel', {});
  const [seed, setSeed] = useRemembered('generation', ds, 'seed', '1');
  const [limit, setLimit] = useRemembered('generation', ds, 'limit', '');
  const [maxTokens, setMaxTokens] = useRemembered('generation', ds, 'maxTokens', '');
  const [maxAttempts, setMaxAttempts] = useRemembered('generation', ds, 'maxAttempts', '');
  const [threads, setThreads] = useRemembered('generation', ds, 'threads', '');
  // The temperatures "auto" will use, before the job starts (the engine's own lookup).
  const choices = useApi('sweeps.chosen', { dataset: ds });
  const choiceOf = (model: string) => choices.data?.find((c) => c.model === model);
  const sweepCovers = chosen.length > 0 && chosen.every((name) => choiceOf(name) !== undefined);
  // Until the person picks a mode: the latest sweep's choice where there is one for every chosen model;
  // where it covers only some, one value per model (the sweep's where it has one, else the default), so a
  // sweep's choice is never silently replaced by one shared temperature.
  const sweepCoversSome = chosen.some((name) => choiceOf(name) !== undefined);
  const mode: TemperatureMode =
    storedMode === 'auto' || storedMode === 'one' || storedMode === 'per-model'
      ? storedMode
      : sweepCovers
        ? 'auto'
        : sweepCoversSome
          ? 'per-model'
          : 'one';
  const perModelValue = (name: string) => perModel[name] ?? String(choiceOf(name)?.temperature ?? DEFAULT_TEMPERATURE);
  const running = useRunningJob('generate');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const temperatureInput = (): StartInput['temperature'] => {
    if (mode === 'auto') return 'auto';
    if (mode === 'one') return Number(temperature);
    return Object.fromEntries(chosen.map((name) => [name, Number(perModelValue(name))]));
  };

  const start = useAction(async () => {
    const input: StartInput = {
      dataset: dataset.name,
      models: chosen,
      temperature: temperatureInput(),
      seed: optionalNumber(seed),
      limit: optionalNumber(limit),
      maxTokens: optionalNumber(maxTokens),
      maxAttempts: optionalNumber(maxAttempts),
      threads: optionalNumber(threads),
    };
    // The contract's own schema checks the form before the engine does, so errors sit beside their fields.
    const checked = api['generate.start'].input.safeParse(input);
    if (!checked.success) {
      setFieldErrors(Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])));
      return;
    }
    setFieldErrors({});
    const started = await call('generate.start', input);
    onStarted(started.job);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start.run();
  };
  const toggleModel = (name: string, on: boolean) =>
    setChosen((all) => (on ? [...all, name] : all.filter((n) => n !== name)));

  const posts = Math.min(optionalNumber(limit) ?? dataset.posts, dataset.posts);
  const variants = posts * chosen.length;

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="grid grid-2">
        <Field label="Dataset">
          <select value={dataset.name} onChange={(e) => onDataset(e.currentTarget.value)}>
            {datasets.map((d) => (
              <option key={d.id} value={d.name}>
                {d.name} ({formatCount(d.posts)} posts)
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Posts to rephrase"
          hint={`Blank: all ${formatCount(dataset.posts)}. Otherwise the first N, in import order.`}
          error={fieldErrors.limit}
        >
          <input
            type="number"
            min={1}
            value={limit}
            placeholder="all"
            onChange={(e) => setLimit(e.currentTarget.value)}
          />
        </Field>
      </div>

      <fieldset className="choice-group" aria-describedby="models-error">
        <legend>Models — one variant of each post per model</legend>
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
          <p id="models-error" className="field-error">
            {fieldErrors.models}
          </p>
        )}
      </fieldset>

      <fieldset className="choice-group">
        <legend>Temperature</legend>
        <label>
          <input type="radio" name="temperature-mode" checked={mode === 'one'} onChange={() => setMode('one')} /> One
          value for every model
        </label>
        {mode === 'one' && (
          <div className="indent narrow">
            <Field label="Temperature" error={fieldErrors.temperature}>
              <input
                type="number"
                min={0}
                max={2}
                step={0.05}
                value={temperature}
                onChange={(e) => setTemperature(e.currentTarget.value)}
              />
            </Field>
          </div>
        )}
        <label>
          <input
            type="radio"
            name="temperature-mode"
            checked={mode === 'per-model'}
            onChange={() => setMode('per-model')}
          />{' '}
          One value per model
        </label>
        {mode === 'per-model' && (
          <div className="indent grid grid-3">
            {chosen.map((name) => (
              <Field key={name} label={name}>
                <input
                  type="number"
                  min={0}
                  max={2}
                  step={0.05}
                  value={perModelValue(name)}
                  onChange={(e) => setPerModel({ ...perModel, [name]: e.currentTarget.value })}
                />
              </Field>
            ))}
            {fieldErrors.temperature && <p className="field-error">{fieldErrors.temperature}</p>}
          </div>
        )}
        <label>
          <input type="radio" name="temperature-mode" checked={mode === 'auto'} onChange={() => setMode('auto')} />{' '}
          Chosen by each model’s latest temperature sweep on this dataset
        </label>
        <ul className="indent temperature-choices" aria-label="Temperatures chosen by the sweeps">
          {chosen.map((name) => {
            const c = choiceOf(name);
            return (
              <li key={name} data-model={name} data-temperature={c?.temperature}>
                <span className="nowrap">{name}</span>:{' '}
                {c ? (
                  <>
                    {formatTemperature(c.temperature)} <span className="muted">(sweep #{c.sweep})</span>
                  </>
                ) : (
                  <span className="muted">no finished sweep has chosen one yet</span>
                )}
              </li>
            );
          })}
        </ul>
      </fieldset>

      <details className="disclosure">
        <summary>Advanced: seed, tokens, attempts, threads</summary>
        <div className="grid grid-2">
          <Field label="Seed" hint="The same seed gives the same variants." error={fieldErrors.seed}>
            <input type="number" min={0} value={seed} onChange={(e) => setSeed(e.currentTarget.value)} />
          </Field>
          <GenerationLimitFields
            values={{ threads, maxTokens, maxAttempts }}
            onChange={(field, value) =>
              ({ threads: setThreads, maxTokens: setMaxTokens, maxAttempts: setMaxAttempts })[field](value)
            }
            errors={fieldErrors}
          />
        </div>
      </details>
      <RunDefaultsNote threads={threads} />

      <div className="row">
        <button
          type="submit"
          className="button button-primary"
          disabled={start.busy || running !== undefined}
          title={running && busyReason(running, 'Generation')}
        >
          {start.busy ? 'Starting…' : 'Start generation'}
        </button>
        <span className="muted">
          {plural(posts, 'post')} × {plural(chosen.length, 'model')} = {plural(variants, 'variant')}
        </span>
      </div>
      {running && (
        <p className="field-hint" role="status">
          {busyReason(running, 'Generation')}
        </p>
      )}
      {start.error && (
        <ErrorBanner title="Could not start the generation" message={start.error} onDismiss={start.clearError}>
          {start.error.includes('sweep') && 'Choose “One value for every model”, or run a temperature sweep first.'}
        </ErrorBanner>
      )}
    </form>
  );
}

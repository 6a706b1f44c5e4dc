import { useState, type FormEvent } from 'react';
import { DEFAULT_LEARNING_RATE, type HeadKind, type Solver } from '../../../src-main/contract/classify-schemas';
import { api, type ProcInput } from '../../../src-main/contract/contract';
import { call } from '../../api/client';
import { EmbedderField } from '../../components/EmbedderField';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { VARIANT_SET_LABELS } from '../../components/VariantSetCounts';
import { VARIANT_SETS, type VariantSet } from '../../../src-main/contract/variant-set-schemas';
import { useAction } from '../../components/use-action';
import { busyReason, useRunningJob } from '../../components/use-running-job';
import { errorsByField, optionalNumber } from '../../lib/form-values';

type StartInput = ProcInput<'experiments.start'>;

/** "none", blank (the default) or a significance level. */
function termSelectionValue(text: string): StartInput['termSelection'] {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return trimmed === 'none' ? 'none' : Number(trimmed);
}

interface StartExperimentFormProps {
  dataset: string;
  onStarted: (job: number) => void;
}

export function StartExperimentForm({ dataset, onStarted }: StartExperimentFormProps) {
  const [encoder, setEncoder] = useState('tfidf');
  const [head, setHead] = useState<HeadKind>('linear');
  const [solver, setSolver] = useState<Solver>('lbfgs');
  const adamw = solver === 'adamw';
  const [epochs, setEpochs] = useState('50');
  const [batchSize, setBatchSize] = useState('8');
  const [weightDecay, setWeightDecay] = useState('0.01');
  const [lr, setLr] = useState('');
  // Blank: the solver's default (none with L-BFGS, 0.001 with AdamW).
  const [termSelection, setTermSelection] = useState('');
  const [seed, setSeed] = useState('1');
  const [variantSet, setVariantSet] = useState<VariantSet>('synthetic');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const running = useRunningJob('experiment');
  const start = useAction(async () => {
    const input: StartInput = {
      dataset,
      encoder,
      head,
      solver,
      ...(adamw
        ? {
            epochs: Number(epochs),
            batchSize: Number(batchSize),
            weightDecay: Number(weightDecay),
            lr: optionalNumber(lr),
          }
        : {}),
      seed: Number(seed),
      variantSet,
      ...(encoder === 'tfidf' ? { termSelection: termSelectionValue(termSelection) } : {}),
    };
    const checked = api['experiments.start'].input.safeParse(input);
    if (!checked.success) {
      setFieldErrors(errorsByField(checked.error));
      return;
    }
    setFieldErrors({});
    const started = await call('experiments.start', input);
    onStarted(started.job);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start.run();
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Experiment settings">
      <p className="muted">
        Trains on one split of the dataset: (a) originals, (b) each model’s variants, (c) all variants, (d) variants
        tested on held-out originals (TSTR) and (e) originals tested on variants. Variants follow their original’s side.
      </p>
      <Field label="Variants" error={fieldErrors.variantSet}>
        <select value={variantSet} onChange={(e) => setVariantSet(e.currentTarget.value as VariantSet)}>
          {VARIANT_SETS.map((s) => (
            <option key={s} value={s}>
              {VARIANT_SET_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
      <EmbedderField
        label="Encoder"
        value={encoder}
        onChange={setEncoder}
        kinds={['tfidf', 'onnx']}
        error={fieldErrors.encoder}
      />
      <fieldset className="choice-group">
        <legend>Method</legend>
        <label>
          <input
            type="radio"
            name="method"
            checked={solver === 'lbfgs'}
            onChange={() => {
              setSolver('lbfgs');
              setHead('linear');
            }}
          />{' '}
          Logistic regression <span className="muted">(L-BFGS to convergence, C by 3-fold CV; the default)</span>
        </label>
        <label>
          <input
            type="radio"
            name="method"
            checked={adamw && head === 'linear'}
            onChange={() => {
              setSolver('adamw');
              setHead('linear');
            }}
          />{' '}
          Linear head, AdamW <span className="muted">(the seed protocol: mini-batches for a set number of passes)</span>
        </label>
        <label>
          <input
            type="radio"
            name="method"
            checked={head === 'mlp'}
            onChange={() => {
              setSolver('adamw');
              setHead('mlp');
            }}
          />{' '}
          MLP head, AdamW <span className="muted">(one hidden layer of 128)</span>
        </label>
      </fieldset>
      <p className="muted">
        An ONNX encoder is used frozen: its features are computed once and only the head is trained (no fine-tuning).
      </p>
      <div className="grid grid-3">
        {adamw && (
          <>
            <Field label="Epochs" error={fieldErrors.epochs}>
              <input type="number" min={1} value={epochs} onChange={(e) => setEpochs(e.currentTarget.value)} />
            </Field>
            <Field label="Batch size" error={fieldErrors.batchSize}>
              <input type="number" min={1} value={batchSize} onChange={(e) => setBatchSize(e.currentTarget.value)} />
            </Field>
            <Field label="Weight decay" error={fieldErrors.weightDecay}>
              <input
                type="number"
                min={0}
                step={0.001}
                value={weightDecay}
                onChange={(e) => setWeightDecay(e.currentTarget.value)}
              />
            </Field>
            <Field
              label="Learning rate"
              hint={`Blank: ${DEFAULT_LEARNING_RATE[head]} for this head.`}
              error={fieldErrors.lr}
            >
              <input
                type="number"
                min={0}
                step={0.0001}
                value={lr}
                placeholder={String(DEFAULT_LEARNING_RATE[head])}
                onChange={(e) => setLr(e.currentTarget.value)}
              />
            </Field>
          </>
        )}
        {encoder === 'tfidf' && (
          <Field
            label="Term filter (p)"
            hint={`χ² level for TF-IDF terms; none keeps all. Blank: ${adamw ? '0.001' : 'none'} for this method.`}
            error={fieldErrors.termSelection}
          >
            <input
              type="text"
              inputMode="decimal"
              value={termSelection}
              placeholder={adamw ? '0.001' : 'none'}
              onChange={(e) => setTermSelection(e.currentTarget.value)}
            />
          </Field>
        )}
        <Field label="Seed" hint="Same seed, same split." error={fieldErrors.seed}>
          <input type="number" min={0} value={seed} onChange={(e) => setSeed(e.currentTarget.value)} />
        </Field>
      </div>
      <div className="row">
        <button
          type="submit"
          className="button button-primary"
          disabled={start.busy || running !== undefined}
          title={running && busyReason(running, 'Experiment')}
        >
          {start.busy ? 'Starting…' : 'Run experiment'}
        </button>
      </div>
      {running && (
        <p className="field-hint" role="status">
          {busyReason(running, 'Experiment')}
        </p>
      )}
      {start.error && (
        <ErrorBanner title="Could not start the experiment" message={start.error} onDismiss={start.clearError}>
          {start.error.includes('onnx') ? 'Check the encoder folder, or use the built-in TF-IDF.' : undefined}
        </ErrorBanner>
      )}
    </form>
  );
}

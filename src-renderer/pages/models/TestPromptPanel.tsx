import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ModelView, ProcOutput } from '../../../src-main/contract/contract';
import { call } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Kbd } from '../../components/Kbd';
import { Panel } from '../../components/Panel';
import { useAction } from '../../components/use-action';
import { formatCount } from '../../lib/format';

const EXAMPLE_PROMPT =
  'Rephrase, keeping the meaning: "Just turned 30 and finally finished my nursing degree in Leeds!"';

export function TestPromptPanel({ models }: { models: ModelView[] }) {
  const [modelName, setModelName] = useState(models[0]?.name ?? '');
  const [prompt, setPrompt] = useState(EXAMPLE_PROMPT);
  const [temperature, setTemperature] = useState(0.7);
  const [maxTokens, setMaxTokens] = useState(64);
  const [answer, setAnswer] = useState<ProcOutput<'models.testPrompt'>>();
  const model = models.find((m) => m.name === modelName) ?? models[0];

  const run = useAction(async () => {
    if (!model) return;
    setAnswer(undefined);
    setAnswer(await call('models.testPrompt', { name: model.name, prompt, temperature, maxTokens }));
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run.run();
  };
  const submitOnCtrlEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run.run();
    }
  };

  return (
    <Panel title="Test prompt">
      <form className="stack" onSubmit={submit}>
        <div className="grid grid-3">
          <Field label="Model">
            <select value={model?.name ?? ''} onChange={(e) => setModelName(e.currentTarget.value)}>
              {models.map((m) => (
                <option key={m.id} value={m.name}>
                  {m.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Temperature">
            <input
              type="number"
              min={0}
              max={2}
              step={0.05}
              value={temperature}
              onChange={(e) => setTemperature(e.currentTarget.valueAsNumber)}
            />
          </Field>
          <Field label="Max tokens">
            <input
              type="number"
              min={1}
              max={1024}
              value={maxTokens}
              onChange={(e) => setMaxTokens(e.currentTarget.valueAsNumber)}
            />
          </Field>
        </div>
        <Field label="Prompt" hint="Sent as the user message, in the model’s chat format.">
          <textarea
            rows={3}
            value={prompt}
            onChange={(e) => setPrompt(e.currentTarget.value)}
            onKeyDown={submitOnCtrlEnter}
            required
          />
        </Field>
        <div className="row">
          <button type="submit" className="button button-primary" disabled={run.busy || !model || !prompt.trim()}>
            {run.busy ? 'Running…' : 'Run'}
          </button>
          <span className="muted">
            <Kbd keys={['Ctrl', 'Enter']} /> in the prompt runs it
          </span>
        </div>
        {run.error && <ErrorBanner title="The model did not answer" message={run.error} onDismiss={run.clearError} />}
        {answer && (
          <div className="answer" aria-live="polite">
            <p className="answer-text">{answer.text || '(empty answer)'}</p>
            <p className="muted">
              {answer.tokensIn === null ? 'unknown' : formatCount(answer.tokensIn)} tokens in ·{' '}
              {answer.tokensOut === null ? 'unknown' : formatCount(answer.tokensOut)} out ·{' '}
              {answer.finishReason === 'length' ? 'cut off by the token limit · ' : ''}
              {(answer.ms / 1000).toFixed(2)} s · {answer.hardware}
            </p>
          </div>
        )}
      </form>
    </Panel>
  );
}

import { useEffect, useState, type FormEvent } from 'react';
import type { ModelFamily } from '../../../src-main/contract/schemas';
import { call } from '../../api/client';
import { isTerminal, useJob } from '../../app/use-job';
import { useToasts } from '../../app/toasts';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { useAction } from '../../components/use-action';
import { formatBytes } from '../../lib/format';
import { FamilySelect } from './FamilySelect';

/** "hf:TheBloke/zephyr-7B-beta-GGUF/zephyr-7b-beta.Q4_K_M.gguf" → "zephyr-7b-beta.Q4_K_M". */
const nameFromSource = (source: string) => (source.split(/[\\/]/).pop() ?? '').replace(/\.gguf.*$/i, '');

export function DownloadForm({ onAdded }: { onAdded: () => void }) {
  const [source, setSource] = useState('');
  const [name, setName] = useState('');
  const [family, setFamily] = useState<ModelFamily>('llama3-instruct');
  const [sha256, setSha256] = useState('');
  const [jobId, setJobId] = useState<number | null>(null);
  const [failure, setFailure] = useState<string>();
  const job = useJob(jobId);
  const { notify } = useToasts();

  const start = useAction(async () => {
    setFailure(undefined);
    const started = await call('models.download', {
      source: source.trim(),
      name,
      family,
      ...(sha256.trim() ? { sha256: sha256.trim() } : {}),
    });
    setJobId(started.job);
  });

  const over = job && isTerminal(job.state) ? job : undefined;
  useEffect(() => {
    if (!over) return;
    if (over.state === 'done') {
      notify('success', `Downloaded and registered ${name}.`);
      onAdded();
    } else {
      setFailure(over.error ?? `the download was ${over.state}`);
    }
    setJobId(null);
  }, [over, name, notify, onAdded]);

  const cancel = async () => {
    if (jobId !== null) await call('jobs.cancel', { id: jobId }).catch((err: Error) => setFailure(err.message));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void start.run();
  };
  const downloading = jobId !== null;
  const error = start.error ?? failure;

  return (
    <form className="stack" onSubmit={submit}>
      <Field
        label="Source"
        hint="An https URL or hf:owner/repo/file.gguf. Interrupted downloads resume; the file is checked before it is registered."
      >
        <input
          type="text"
          value={source}
          placeholder="hf:TheBloke/zephyr-7B-beta-GGUF/zephyr-7b-beta.Q4_K_M.gguf"
          onChange={(e) => setSource(e.currentTarget.value)}
          onBlur={() => !name && source && setName(nameFromSource(source))}
          required
          disabled={downloading}
        />
      </Field>
      <div className="grid grid-2">
        <Field label="Name">
          <input
            type="text"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            disabled={downloading}
          />
        </Field>
        <Field label="Family">
          <FamilySelect value={family} onChange={setFamily} disabled={downloading} />
        </Field>
      </div>
      <Field label="Expected SHA-256 (optional)">
        <input
          type="text"
          value={sha256}
          onChange={(e) => setSha256(e.currentTarget.value)}
          spellCheck={false}
          disabled={downloading}
        />
      </Field>
      <div className="row">
        {downloading ? (
          <button type="button" className="button" onClick={cancel}>
            Cancel download
          </button>
        ) : (
          <button
            type="submit"
            className="button button-primary"
            disabled={start.busy || !source.trim() || !name.trim()}
          >
            Download
          </button>
        )}
      </div>
      {downloading && (
        <div className="stack-tight">
          <ProgressBar done={job?.done ?? 0} total={job?.total ?? 0} label="Download progress" />
          <span className="muted" aria-live="polite">
            {formatBytes(job?.done ?? 0)}
            {job?.total ? ` of ${formatBytes(job.total)}` : ''} downloaded
          </span>
        </div>
      )}
      {error && (
        <ErrorBanner
          title="Download failed"
          message={error}
          onDismiss={() => {
            start.clearError();
            setFailure(undefined);
          }}
        >
          This machine may be offline: copy the GGUF file here another way and register it under “GGUF file”.
        </ErrorBanner>
      )}
    </form>
  );
}

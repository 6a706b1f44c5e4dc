import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { isDesktop, desktopBridge } from '../../api/desktop-bridge';
import { uploadFile } from '../../api/files';
import { isTerminal, useJob } from '../../app/use-job';
import { useToasts } from '../../app/toasts';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { Panel } from '../../components/Panel';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../lib/format';

/** Where the file to import is: a path on this machine (desktop) or a file to upload (browser). */
type Source = { kind: 'path'; path: string } | { kind: 'upload'; file: File };

type Stage =
  { step: 'idle' } | { step: 'uploading'; fraction: number } | { step: 'importing'; job: number; dataset: string };

const sourceName = (s: Source) => (s.kind === 'path' ? s.path.split(/[\\/]/).pop()! : s.file.name);
/** "posts.jsonl" → "posts": a reasonable default the person can change. */
const datasetNameFor = (fileName: string) => fileName.replace(/\.(jsonl|ndjson|csv)$/i, '');

export function ImportPanel({ onImported }: { onImported: (dataset: string) => void }) {
  const [source, setSource] = useState<Source | null>(null);
  const [dataset, setDataset] = useState('');
  const [textColumn, setTextColumn] = useState('');
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [error, setError] = useState<string>();
  // A file input cannot be cleared from React; a new key gives a fresh, empty one.
  const [fileInputKey, setFileInputKey] = useState(0);
  const job = useJob(stage.step === 'importing' ? stage.job : null);
  const { notify } = useToasts();

  const choose = (next: Source | null) => {
    setSource(next);
    setError(undefined);
    if (next) setDataset(datasetNameFor(sourceName(next)));
  };

  const chooseWithDialog = async () => {
    const path = await desktopBridge()!.openFile([
      { name: 'Datasets (JSONL, CSV)', extensions: ['jsonl', 'ndjson', 'csv'] },
    ]);
    if (path) choose({ kind: 'path', path });
  };

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!source) return;
    setError(undefined);
    try {
      let file: string;
      if (source.kind === 'upload') {
        setStage({ step: 'uploading', fraction: 0 });
        file = await uploadFile(source.file, (fraction) => setStage({ step: 'uploading', fraction }));
      } else {
        file = source.path;
      }
      const started = await call('datasets.import', {
        file,
        dataset,
        ...(textColumn.trim() ? { textColumn: textColumn.trim() } : {}),
      });
      setStage({ step: 'importing', job: started.job, dataset: dataset.trim() });
    } catch (err) {
      setStage({ step: 'idle' });
      setError((err as Error).message);
    }
  };

  // The job's end decides what the person sees next.
  const finished = stage.step === 'importing' && job && isTerminal(job.state) ? job : undefined;
  useEffect(() => {
    if (!finished || stage.step !== 'importing') return;
    if (finished.state === 'done') {
      notify('success', `Imported ${formatCount(finished.done)} posts into “${stage.dataset}”.`);
      onImported(stage.dataset);
      setSource(null);
      setDataset('');
      setFileInputKey((k) => k + 1);
    } else {
      setError(finished.error ?? `the import ${finished.state}`);
    }
    setStage({ step: 'idle' });
  }, [finished, stage, notify, onImported]);

  const busy = stage.step !== 'idle';
  return (
    <Panel title="Import a dataset">
      <form className="stack" onSubmit={start}>
        {isDesktop() ? (
          <div className="field">
            <span className="field-label">Dataset file</span>
            <div className="row">
              <button type="button" className="button" onClick={chooseWithDialog} disabled={busy}>
                Choose file…
              </button>
              <span className="file-name">{source ? sourceName(source) : 'No file chosen'}</span>
            </div>
          </div>
        ) : (
          <Field label="Dataset file" hint="JSONL (one post per line) or CSV with a header row.">
            <input
              key={fileInputKey}
              type="file"
              accept=".jsonl,.ndjson,.csv"
              disabled={busy}
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                choose(file ? { kind: 'upload', file } : null);
              }}
            />
          </Field>
        )}
        <Field
          label="Dataset name"
          hint="An existing name adds to that dataset; posts already in it are matched by id, else by text."
        >
          <input
            type="text"
            value={dataset}
            onChange={(e) => setDataset(e.currentTarget.value)}
            disabled={busy}
            required
          />
        </Field>
        <details className="disclosure">
          <summary>CSV columns</summary>
          <Field
            label="Text column"
            hint="Default: text. Labels come from a labels column (a;b) or one 0/1 column per category."
          >
            <input
              type="text"
              value={textColumn}
              placeholder="text"
              onChange={(e) => setTextColumn(e.currentTarget.value)}
              disabled={busy}
            />
          </Field>
        </details>
        <div className="row">
          <button type="submit" className="button button-primary" disabled={!source || !dataset.trim() || busy}>
            {busy ? 'Importing…' : 'Import'}
          </button>
        </div>
        {stage.step === 'uploading' && (
          <div className="stack-tight">
            <ProgressBar done={stage.fraction} total={1} label="Upload progress" />
            <span className="muted">Uploading… {Math.round(stage.fraction * 100)}%</span>
          </div>
        )}
        {stage.step === 'importing' && (
          <div className="stack-tight">
            <ProgressBar done={job?.done ?? 0} total={0} label="Import progress" />
            <span className="muted" aria-live="polite">
              Importing: {formatCount(job?.live?.progress?.done ?? job?.done ?? 0)} posts read…
            </span>
          </div>
        )}
        {error && (
          <ErrorBanner
            title="Import failed — nothing was imported"
            message={error}
            onDismiss={() => setError(undefined)}
          >
            Fix the file at the line named above and import it again; an import is all or nothing.
          </ErrorBanner>
        )}
      </form>
    </Panel>
  );
}

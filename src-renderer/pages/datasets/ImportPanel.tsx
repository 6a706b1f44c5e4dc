import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
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
import { csvColumnOptions, CsvColumnsFields, DEFAULT_CSV_COLUMNS, type CsvColumns } from './CsvColumnsFields';
import { DEFAULT_IMPORT_OPTIONS, importOptionValues, ImportOptionsFields, type ImportOptionsValue } from './ImportOptionsFields';

/** Where the file to import is: a path on this machine (desktop) or a file to upload (browser). */
type Source = { kind: 'path'; path: string } | { kind: 'upload'; file: File };

type Stage =
  { step: 'idle' } | { step: 'uploading'; fraction: number } | { step: 'importing'; job: number; dataset: string };

const DATASET_FILE = /\.(jsonl|ndjson|csv|tsv|json|js|parquet)$/i;
const sourceName = (s: Source) => (s.kind === 'path' ? s.path.split(/[\\/]/).pop()! : s.file.name);
/** "posts.jsonl" → "posts": a reasonable default the person can change. */
const datasetNameFor = (fileName: string) => fileName.replace(DATASET_FILE, '');

export function ImportPanel({ onImported }: { onImported: (dataset: string) => void }) {
  const [source, setSource] = useState<Source | null>(null);
  const [dataset, setDataset] = useState('');
  const [columns, setColumns] = useState<CsvColumns>(DEFAULT_CSV_COLUMNS);
  const [reading, setReading] = useState<ImportOptionsValue>(DEFAULT_IMPORT_OPTIONS);
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [error, setError] = useState<string>();
  // A file input cannot be cleared from React; a new key gives a fresh, empty one.
  const [fileInputKey, setFileInputKey] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  // The engine names the column it could not find: the fix is in the CSV columns fields.
  const missingColumn = Boolean(error?.includes(' column '));
  // These the reading options fix: the delimiter, ill-formed Unicode, a dump's fields.
  const readingProblem = Boolean(error && /delimiter|UTF-8|surrogate|"body" is missing|"full_text"/.test(error));
  const job = useJob(stage.step === 'importing' ? stage.job : null);
  const busy = stage.step !== 'idle';
  const { notify } = useToasts();

  const choose = (next: Source | null) => {
    setSource(next);
    setError(undefined);
    if (next) setDataset(datasetNameFor(sourceName(next)));
  };

  const chooseWithDialog = async () => {
    const path = await desktopBridge()!.openFile('dataset');
    if (path) choose({ kind: 'path', path });
  };

  const [dropping, setDropping] = useState(false);
  const acceptsDrop = (e: DragEvent) => !busy && e.dataTransfer.types.includes('Files');
  const onDrop = (e: DragEvent) => {
    setDropping(false);
    if (!acceptsDrop(e)) return;
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (!file) return;
    if (!DATASET_FILE.test(file.name)) {
      setError(`${file.name}: not a dataset file; drop a .jsonl, .csv, .tsv, .json (X archive tweets.js) or .parquet file`);
      return;
    }
    const bridge = desktopBridge();
    // The desktop engine reads the file where it is; a browser must send it to the server.
    if (bridge) return choose({ kind: 'path', path: bridge.pathForFile(file) });
    // Shown in the file input too, as if it had been chosen there.
    if (fileInput.current) fileInput.current.files = e.dataTransfer.files;
    choose({ kind: 'upload', file });
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
        ...csvColumnOptions(columns),
        ...importOptionValues(reading),
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

  return (
    <Panel title="Import a dataset">
      <form
        className={`stack drop-zone ${dropping ? 'drop-zone-active' : ''}`}
        onSubmit={start}
        onDragOver={(e) => {
          if (!acceptsDrop(e)) return;
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={(e) => {
          // Leaving for one of the form's own fields is not leaving the form.
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
        }}
        onDrop={onDrop}
      >
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
          <Field
            label="Dataset file"
            hint="JSONL (one post per line), CSV/TSV with a header row, a JSON array (an X archive’s tweets.js) or Parquet; or drop the file here."
          >
            <input
              key={fileInputKey}
              ref={fileInput}
              type="file"
              accept=".jsonl,.ndjson,.csv,.tsv,.json,.js,.parquet"
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
        <CsvColumnsFields value={columns} onChange={setColumns} disabled={busy} open={missingColumn} />
        <ImportOptionsFields value={reading} onChange={setReading} disabled={busy} open={readingProblem} />
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
            {missingColumn
              ? 'Name the right columns under “CSV columns” and import again.'
              : readingProblem
                ? 'Choose the delimiter, the dump or the Unicode policy under “Reading options”, or fix the file, and import again.'
                : 'Fix the file at the line named above and import it again; an import is all or nothing.'}
          </ErrorBanner>
        )}
      </form>
    </Panel>
  );
}

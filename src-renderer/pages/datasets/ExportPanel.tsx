import { useState } from 'react';
import type { DatasetSummary } from '../../../src-main/contract/schemas';
import { call } from '../../api/client';
import { desktopBridge } from '../../api/desktop-bridge';
import { downloadExport, exportFileName, type ExportRequest } from '../../api/files';
import { useToasts } from '../../app/toasts';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Panel } from '../../components/Panel';
import { plural } from '../../lib/format';

/**
 * Desktop: a native save dialog, then the engine writes the file. Browser: the server sends
 * the export back and it lands in the browser's downloads, on the person's own machine.
 */
async function exportDataset(r: ExportRequest): Promise<string | null> {
  const bridge = desktopBridge();
  if (!bridge) {
    const got = await downloadExport(r);
    return `Downloaded ${got.fileName} (${plural(got.rows, 'row')}).`;
  }
  const file = await bridge.saveFile(exportFileName(r));
  if (!file) return null;
  const got = await call('datasets.export', { ...r, file });
  return `Exported ${plural(got.rows, 'row')} to ${got.file}.`;
}

export function ExportPanel({ dataset }: { dataset: DatasetSummary }) {
  const [format, setFormat] = useState<ExportRequest['format']>('jsonl');
  const [kind, setKind] = useState<ExportRequest['kind']>('posts');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { notify } = useToasts();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const said = await exportDataset({ dataset: dataset.name, format, kind });
      if (said) notify('success', said);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Export">
      <div className="stack">
        <fieldset className="choice-group">
          <legend>What</legend>
          <label>
            <input type="radio" name="export-kind" checked={kind === 'posts'} onChange={() => setKind('posts')} /> Posts
            and labels
          </label>
          <label>
            <input type="radio" name="export-kind" checked={kind === 'variants'} onChange={() => setKind('variants')} />{' '}
            The synthetic set’s variants (what review let through, with edits and relabels), with provenance
          </label>
        </fieldset>
        <fieldset className="choice-group">
          <legend>Format</legend>
          <label>
            <input type="radio" name="export-format" checked={format === 'jsonl'} onChange={() => setFormat('jsonl')} />{' '}
            JSONL
          </label>
          <label>
            <input type="radio" name="export-format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV
          </label>
        </fieldset>
        <div className="row">
          <button type="button" className="button" onClick={run} disabled={busy}>
            {busy ? 'Exporting…' : `Export ${exportFileName({ dataset: dataset.name, format, kind })}`}
          </button>
        </div>
        <p className="muted">Exports import back to the same posts and labels.</p>
        {error && <ErrorBanner title="Export failed" message={error} onDismiss={() => setError(undefined)} />}
      </div>
    </Panel>
  );
}

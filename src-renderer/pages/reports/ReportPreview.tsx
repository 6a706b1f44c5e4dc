import { useApi } from '../../api/use-api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Panel } from '../../components/Panel';
import type { ReportChoice } from './report-contents';

/**
 * The report as it will be saved, in a sandboxed frame (no scripts, its own origin): built by the
 * engine from the same choice as the download, so what is seen is what is saved.
 */
export function ReportPreview({ dataset, choice }: { dataset: string; choice: ReportChoice }) {
  const preview = useApi('reports.preview', { dataset, ...choice });
  return (
    <Panel
      title="Preview"
      actions={
        <button type="button" className="button button-small" onClick={preview.reload} disabled={preview.loading}>
          {preview.loading ? 'Building…' : 'Refresh'}
        </button>
      }
    >
      {preview.error && <ErrorBanner title="Could not build the preview" message={preview.error} />}
      {preview.data ? (
        <iframe className="report-preview" title={`Report preview: ${dataset}`} sandbox="" srcDoc={preview.data.html} />
      ) : (
        !preview.error && <p className="muted">Building the preview…</p>
      )}
    </Panel>
  );
}

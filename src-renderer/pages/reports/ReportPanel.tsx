import { useState } from 'react';
import { call } from '../../api/client';
import { desktopBridge } from '../../api/desktop-bridge';
import { downloadReport, reportFileName } from '../../api/files';
import { hrefFor } from '../../app/router';
import { useToasts } from '../../app/toasts';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Panel } from '../../components/Panel';
import { RunPicker } from '../../components/RunPicker';
import { useAction } from '../../components/use-action';
import { formatBytes } from '../../lib/format';
import { useReportContents, type ReportChoice } from './report-contents';

/**
 * Desktop: a native save dialog, then the engine writes the file there. Browser: the server
 * builds the report and it arrives as a download on the person's own machine.
 */
async function produceReport(dataset: string, choice: ReportChoice): Promise<string | null> {
  const bridge = desktopBridge();
  if (!bridge) {
    const got = await downloadReport(dataset, choice);
    return `Downloaded ${got.fileName} (${formatBytes(got.bytes)}).`;
  }
  const file = await bridge.saveFile(reportFileName(dataset));
  if (!file) return null;
  const got = await call('reports.create', { dataset, file, ...choice });
  return `Saved the report to ${got.file} (${formatBytes(got.bytes)}).`;
}

interface ReportPanelProps {
  dataset: string;
  choice: ReportChoice;
  onChoice: (update: (current: ReportChoice) => ReportChoice) => void;
}

export function ReportPanel({ dataset, choice, onChoice: setChoice }: ReportPanelProps) {
  const sections = useReportContents(dataset, choice);
  const { notify } = useToasts();
  const [done, setDone] = useState<string>();
  const produce = useAction(async () => {
    const said = await produceReport(dataset, choice);
    if (!said) return;
    setDone(said);
    notify('success', said);
  });

  return (
    <Panel title="HTML report">
      <div className="stack">
        <p>
          One self-contained file: charts as inline SVG, no scripts, nothing fetched, so it opens anywhere and can be
          archived with a paper. It lists the models with their SHA-256, the prompt versions and the seeds needed to
          reproduce the results.
        </p>
        <table className="data-table" aria-label="What the report holds">
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {sections.map((s) => (
              <tr key={s.name}>
                <th scope="row" className="nowrap">
                  {s.name}
                </th>
                <td>
                  {s.loading && s.holds === undefined ? (
                    <span className="muted">…</span>
                  ) : s.pick && s.pick.runs.length > 1 ? (
                    <RunPicker
                      label={`${s.name} in the report`}
                      labelHidden
                      runs={s.pick.runs}
                      value={s.pick.value}
                      onChange={(id) => setChoice((c) => ({ ...c, [s.pick!.field]: id }))}
                    />
                  ) : s.holds ? (
                    s.holds
                  ) : (
                    <span className="muted">
                      nothing yet — <a href={hrefFor(s.page)}>produce it</a>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row">
          <button
            type="button"
            className="button button-primary"
            onClick={() => void produce.run()}
            disabled={produce.busy}
          >
            {produce.busy ? 'Building…' : desktopBridge() ? 'Save report…' : `Download ${reportFileName(dataset)}`}
          </button>
          {done && (
            <span className="muted" role="status">
              {done}
            </span>
          )}
        </div>
        {produce.error && (
          <ErrorBanner title="Could not produce the report" message={produce.error} onDismiss={produce.clearError} />
        )}
      </div>
    </Panel>
  );
}

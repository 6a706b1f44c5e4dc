import { useState } from 'react';
import { doctorRows } from '../../../src-main/contract/machine-schemas';
import { useApi } from '../../api/use-api';
import { ErrorBanner } from '../../components/ErrorBanner';

/**
 * `synthlab doctor` on the Models page: what this machine will use (GPU backend and memory, layers
 * that fit, threads and sequences and why, onnxruntime providers, Electron, disk). Measured when
 * opened, since reading every model's header takes a moment.
 */
export function DoctorPanel() {
  const [open, setOpen] = useState(false);
  const report = useApi('machine.doctor', open ? {} : null);
  return (
    <details className="disclosure" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>This machine: GPU, threads, sequences, onnxruntime, Electron, disk (synthlab doctor)</summary>
      {report.error && <ErrorBanner title="Could not check this machine" message={report.error} />}
      {open && !report.data && !report.error && <p className="muted">Measuring…</p>}
      {report.data && (
        <table className="data-table" aria-label="This machine">
          <tbody>
            {doctorRows(report.data).map(([what, value]) => (
              <tr key={what}>
                <th scope="row">{what}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.data && (
        <button type="button" className="button" onClick={report.reload} disabled={report.loading}>
          {report.loading ? 'Measuring…' : 'Measure again'}
        </button>
      )}
    </details>
  );
}

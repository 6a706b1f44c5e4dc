import { useDatasets } from '../../app/use-datasets';
import { DatasetPicker } from '../../components/DatasetPicker';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NoDatasetsYet } from '../../components/NoDatasetsYet';
import { PageHeader } from '../../components/PageHeader';
import { ExportPanel } from '../datasets/ExportPanel';
import { ReportPanel } from './ReportPanel';

export function ReportsPage() {
  const datasets = useDatasets();
  const dataset = datasets.current;
  return (
    <div className="page">
      <PageHeader title="Reports" actions={<DatasetPicker datasets={datasets} />}>
        Take the results with you: one HTML report of everything done on a dataset, and the posts or variants as JSONL
        or CSV.
      </PageHeader>
      {datasets.error && <ErrorBanner title="Could not list datasets" message={datasets.error} />}
      {datasets.list?.length === 0 && <NoDatasetsYet />}
      {dataset && (
        <div className="grid grid-main-side">
          <ReportPanel key={dataset.name} dataset={dataset.name} />
          <div className="stack-panels">
            <ExportPanel dataset={dataset} />
          </div>
        </div>
      )}
    </div>
  );
}

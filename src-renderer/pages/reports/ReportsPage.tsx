import { useState } from 'react';
import type { DatasetSummary } from '../../../src-main/contract/schemas';
import { useDatasets } from '../../app/use-datasets';
import { DatasetPicker } from '../../components/DatasetPicker';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NoDatasetsYet } from '../../components/NoDatasetsYet';
import { PageHeader } from '../../components/PageHeader';
import { ExportPanel } from '../datasets/ExportPanel';
import { ReleasePanel } from './ReleasePanel';
import { ReportPanel } from './ReportPanel';
import { ReportPreview } from './ReportPreview';
import type { ReportChoice } from './report-contents';

/** The report's settings, the exports, and below them the preview at full width (a report is a wide page). */
function ReportsWorkspace({ dataset }: { dataset: DatasetSummary }) {
  const [choice, setChoice] = useState<ReportChoice>({});
  return (
    <>
      <div className="grid grid-main-side">
        <ReportPanel dataset={dataset.name} choice={choice} onChoice={setChoice} />
        <div className="stack-panels">
          <ExportPanel dataset={dataset} />
        </div>
      </div>
      <ReleasePanel dataset={dataset.name} />
      <ReportPreview dataset={dataset.name} choice={choice} />
    </>
  );
}

export function ReportsPage() {
  const datasets = useDatasets();
  const dataset = datasets.current;
  return (
    <div className="page">
      <PageHeader title="Reports" actions={<DatasetPicker datasets={datasets} />}>
        Take the results with you: one HTML report of everything done on a dataset, the posts or variants as JSONL or
        CSV, and the release of the synthetic set with its dataset card.
      </PageHeader>
      {datasets.error && <ErrorBanner title="Could not list datasets" message={datasets.error} />}
      {datasets.list?.length === 0 && <NoDatasetsYet />}
      {dataset && <ReportsWorkspace key={dataset.name} dataset={dataset} />}
    </div>
  );
}

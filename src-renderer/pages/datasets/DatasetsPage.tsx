import { useCallback, useState } from 'react';
import { useDatasets } from '../../app/use-datasets';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { CategoryChart } from './CategoryChart';
import { DatasetList } from './DatasetList';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { PostsBrowser } from './PostsBrowser';

export function DatasetsPage() {
  const datasets = useDatasets();
  const { current, select, reload } = datasets;
  const [category, setCategory] = useState<string>();

  const onImported = useCallback(
    (name: string) => {
      reload();
      select(name);
      setCategory(undefined);
    },
    [reload, select],
  );
  const onSelect = (name: string) => {
    select(name);
    setCategory(undefined);
  };

  return (
    <div className="page">
      <PageHeader title="Datasets">
        Posts labelled with the kinds of personal information they disclose. Import them here, then rephrase them on the
        Generation page.
      </PageHeader>
      {datasets.error && <ErrorBanner title="Could not list datasets" message={datasets.error} />}
      {/* Two columns: what the dataset holds on the left, what to do with files on the right. */}
      <div className="grid grid-main-side">
        <div className="stack-panels">
          <Panel title="Your datasets">
            {datasets.list === undefined ? (
              <p className="muted">Loading…</p>
            ) : datasets.list.length === 0 ? (
              <EmptyState title="No datasets yet">
                <p>
                  Import a JSONL or CSV file with the form beside this. To try SynthLab, import the sample of 380
                  labelled posts, <code>resources/sample/posts.jsonl</code>, from the SynthLab folder.
                </p>
              </EmptyState>
            ) : (
              <DatasetList datasets={datasets.list} current={current} onSelect={onSelect} />
            )}
          </Panel>
          {current && (
            <Panel title={`Posts per category in ${current.name}`}>
              {current.categories.length === 0 ? (
                <p className="muted">This dataset’s posts carry no labels.</p>
              ) : (
                <CategoryChart dataset={current} selected={category} onSelect={setCategory} />
              )}
            </Panel>
          )}
        </div>
        <div className="stack-panels">
          <ImportPanel onImported={onImported} />
          {current && <ExportPanel dataset={current} />}
        </div>
      </div>
      {current && <PostsBrowser dataset={current} category={category} onCategory={setCategory} />}
    </div>
  );
}

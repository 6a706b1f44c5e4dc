import { useEffect, useState } from 'react';
import { useApi } from '../../api/use-api';
import { useApiEvents } from '../../app/job-activity';
import { hrefFor } from '../../app/router';
import { useDatasets } from '../../app/use-datasets';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { SyntheticSetCounter } from '../../components/VariantSetCounts';
import { JobHistory } from './JobHistory';
import { JobMonitor } from './JobMonitor';
import { StartGenerationForm } from './StartGenerationForm';
import { VariantFeed } from './VariantFeed';

export function GenerationPage() {
  const datasets = useDatasets();
  const models = useApi('models.list', {});
  const dataset = datasets.current;
  const jobs = useApi('jobs.list', dataset ? { kind: 'generate', dataset: dataset.name } : null);
  const [watched, setWatched] = useState<number | null>(null);

  // Job states change in workers: refresh the table when one starts, pauses or ends.
  const { reload: reloadJobs } = jobs;
  useApiEvents((e) => {
    if (e.kind === 'generate' && (e.type === 'finished' || (e.type === 'progress' && e.progress.done === 0)))
      reloadJobs();
  });

  // Until the person picks one, watch the newest job of the dataset.
  const history = jobs.data;
  const watchedJob = history?.find((j) => j.id === watched) ?? history?.[0];
  useEffect(() => setWatched(null), [dataset?.name]);

  const onStarted = (id: number) => {
    setWatched(id);
    reloadJobs();
  };

  const needsDataset = datasets.list?.length === 0;
  const needsModels = models.data?.models.length === 0;
  return (
    <div className="page">
      <PageHeader title="Generation">
        Rephrase every post once with each chosen model (1:3 with three models), keeping the kinds of personal
        information but not the values.
      </PageHeader>
      {datasets.error && <ErrorBanner title="Could not list datasets" message={datasets.error} />}
      {models.error && <ErrorBanner title="Could not list models" message={models.error} />}
      {(needsDataset || needsModels) && (
        <Panel title="Before you start">
          {needsDataset && (
            <EmptyState title="No datasets yet">
              <p>
                Import one on the <a href={hrefFor('datasets')}>Datasets page</a> —{' '}
                <code>resources/sample/posts.jsonl</code> holds 380 sample posts.
              </p>
            </EmptyState>
          )}
          {needsModels && (
            <EmptyState title="No models yet">
              <p>
                Register one per family on the <a href={hrefFor('models')}>Models page</a>, or add the tiny test models
                there to try the workflow.
              </p>
            </EmptyState>
          )}
        </Panel>
      )}
      {dataset && datasets.list && models.data && models.data.models.length > 0 && (
        <div className="grid grid-main-side">
          <Panel title="Start a generation">
            <StartGenerationForm
              datasets={datasets.list}
              dataset={dataset}
              onDataset={datasets.select}
              models={models.data.models}
              onStarted={onStarted}
            />
          </Panel>
          <Panel title="Progress">
            {watchedJob ? (
              <JobMonitor key={watchedJob.id} job={watchedJob} />
            ) : (
              <EmptyState title="Nothing running">
                <p>Start a generation and its progress, speed and failures show here.</p>
              </EmptyState>
            )}
          </Panel>
        </div>
      )}
      {dataset && (
        <Panel title="Synthetic set">
          <SyntheticSetCounter dataset={dataset.name} refresh={history} />
        </Panel>
      )}
      {dataset && (
        <Panel title="Variants, newest first">
          {/* Keyed so that another job's variants start from the first page and no filter. */}
          <VariantFeed key={watchedJob?.id ?? 'all'} dataset={dataset.name} job={watchedJob?.id ?? null} />
        </Panel>
      )}
      {history && history.length > 0 && (
        <Panel title={`Generation jobs on ${dataset?.name}`}>
          <JobHistory jobs={history} watched={watchedJob?.id ?? null} onWatch={setWatched} />
        </Panel>
      )}
    </div>
  );
}

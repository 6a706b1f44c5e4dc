import { useApi } from '../../api/use-api';
import { useDatasets } from '../../app/use-datasets';
import { useRunChoice } from '../../app/use-run-choice';
import { DatasetPicker } from '../../components/DatasetPicker';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NoDatasetsYet } from '../../components/NoDatasetsYet';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { RunPicker } from '../../components/RunPicker';
import { ResultSetNote, SyntheticSetCounter } from '../../components/VariantSetCounts';
import { formatDateTime } from '../../lib/format';
import { ExperimentResults } from './ExperimentResults';
import { LabelTextsPanel } from './LabelTextsPanel';
import { StartExperimentForm } from './StartExperimentForm';
import { TrainingPanel } from './TrainingPanel';

export function ClassifierPage() {
  const datasets = useDatasets();
  const dataset = datasets.current;
  const experiments = useApi('experiments.list', dataset ? { dataset: dataset.name } : null);
  /** The experiment the person picked; otherwise the newest. */
  const { picked, setPicked, job, setJob } = useRunChoice(dataset?.name);

  const list = experiments.data;
  const shown = list?.find((e) => e.id === picked) ?? list?.[0];
  const result = useApi('experiments.get', shown ? { id: shown.id } : null);

  const onEnd = () => {
    // The finished experiment is the newest: show it.
    setPicked(undefined);
    experiments.reload();
  };

  return (
    <div className="page">
      <PageHeader title="Classifier" actions={<DatasetPicker datasets={datasets} />}>
        Does synthetic text teach a PII classifier as well as the originals? Train multi-label classifiers on original
        and synthetic posts and compare F1 per category.
      </PageHeader>
      {datasets.error && <ErrorBanner title="Could not list datasets" message={datasets.error} />}
      {datasets.list?.length === 0 && <NoDatasetsYet />}
      {dataset && (
        <>
          <div className="grid grid-main-side">
            <TrainingPanel job={job} onEnd={onEnd} />
            <Panel title="Run an experiment">
              <StartExperimentForm dataset={dataset.name} onStarted={setJob} />
            </Panel>
          </div>
          <Panel title="Synthetic set">
            <SyntheticSetCounter dataset={dataset.name} refresh={list} />
          </Panel>
          <Panel
            title="Results"
            actions={
              <RunPicker
                label="Experiment"
                runs={(list ?? []).map((e) => ({
                  id: e.id,
                  label: `#${e.id} · ${e.method} · ${formatDateTime(e.createdAt)}`,
                }))}
                value={shown?.id}
                onChange={setPicked}
              />
            }
          >
            {experiments.error && <ErrorBanner title="Could not list experiments" message={experiments.error} />}
            {result.error && <ErrorBanner title="Could not load the experiment" message={result.error} />}
            {list?.length === 0 ? (
              <EmptyState title={`No experiments on ${dataset.name} yet`}>
                <p>
                  Run one with the form above. Generate variants first, so that there is synthetic text to compare with
                  the originals.
                </p>
              </EmptyState>
            ) : result.data && result.data.experiment === shown?.id ? (
              <div className="stack">
                <ResultSetNote counts={result.data.variant_set} />
                <ExperimentResults result={result.data} />
              </div>
            ) : (
              <p className="muted">Loading…</p>
            )}
          </Panel>
          {result.data && result.data.experiment === shown?.id && result.data.runs.length > 0 && (
            <Panel title="Label new text">
              <LabelTextsPanel key={result.data.experiment} result={result.data} />
            </Panel>
          )}
        </>
      )}
    </div>
  );
}

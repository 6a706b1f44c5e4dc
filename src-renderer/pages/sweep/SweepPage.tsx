import { useState } from 'react';
import { useScrollIntoView } from '../../components/use-scroll-into-view';
import { embedderName } from '../../lib/embedder-name';
import type { SweepResult } from '../../../src-main/contract/schemas';
import { useApi } from '../../api/use-api';
import { hrefFor } from '../../app/router';
import { useDatasets } from '../../app/use-datasets';
import { useRunChoice } from '../../app/use-run-choice';
import { isTerminal } from '../../app/use-job';
import { DatasetPicker } from '../../components/DatasetPicker';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { JobProgress } from '../../components/JobProgress';
import { JobStateBadge } from '../../components/JobStateBadge';
import { NoDatasetsYet } from '../../components/NoDatasetsYet';
import { PageHeader } from '../../components/PageHeader';
import { OutcomeTable } from '../../components/OutcomeTable';
import { Panel } from '../../components/Panel';
import { RunPicker } from '../../components/RunPicker';
import { useReloadWhileRunning } from '../../components/use-reload-while-running';
import { formatTemperature, plural } from '../../lib/format';
import { PointSamples } from './PointSamples';
import { StartSweepForm } from './StartSweepForm';
import { SweepChart } from './SweepChart';
import type { SweepPointRef } from './SweepDot';
import { plottedPoints } from './sweep-chart-data';
import { SweepNumbers } from './SweepNumbers';

/** Each model's choice in words: the temperature or why there is none, and whether it is significant. */
function SweepChoices({ sweep }: { sweep: SweepResult }) {
  if (!isTerminal(sweep.state)) return null;
  return (
    <ul className="sweep-choices">
      {sweep.models.map((m) => (
        <li key={m.model}>
          <strong>{m.model}</strong>:{' '}
          {m.chosen === null ? 'no temperature chosen' : `temperature ${formatTemperature(m.chosen)}`}
          {m.choice && <span className="muted"> — {m.choice.reason}</span>}
          {m.choice?.significant === false && <span className="badge badge-warn"> not significant</span>}
        </li>
      ))}
    </ul>
  );
}

/** Sweeps and jobs are numbered apart; both numbers are shown so "Job #2" in a progress bar is recognisable. */
const sweepLabel = (s: SweepResult) =>
  `Sweep #${s.sweep} (job #${s.job}) · ${s.state} · ${plural(s.models.length, 'model')} · ${plural(s.sample, 'post')}`;

function SweepResults({
  sweep,
  point,
  onPoint,
}: {
  sweep: SweepResult;
  point: SweepPointRef | undefined;
  onPoint: (p: SweepPointRef) => void;
}) {
  const running = !isTerminal(sweep.state);
  return (
    <div className="stack">
      <p className="muted">
        <JobStateBadge state={sweep.state} /> Sweep #{sweep.sweep} (job #{sweep.job}):{' '}
        {plural(sweep.sample, 'sampled original')}, similarity by{' '}
        <span title={sweep.embedder}>{embedderName(sweep.embedder)}</span>.
      </p>
      {plottedPoints(sweep) === 0 ? (
        <EmptyState title={running ? 'No points yet' : 'No variant was accepted by the checks'}>
          <p>
            {running
              ? 'Each model’s curve appears here as its variants are made and scored.'
              : 'Every variant was rejected by the reply gate, so there is nothing to average and no temperature is chosen. The outcome table below says why each reply was turned away.'}
          </p>
        </EmptyState>
      ) : (
        <SweepChart sweep={sweep} selected={point} onSelect={onPoint} />
      )}
      <SweepChoices sweep={sweep} />
    </div>
  );
}

export function SweepPage() {
  const datasets = useDatasets();
  const dataset = datasets.current;
  const models = useApi('models.list', {});
  const sweeps = useApi('sweeps.list', dataset ? { dataset: dataset.name } : null);
  /** The sweep the person picked; otherwise the one they just started, else the newest. */
  const { picked, setPicked, job: startedJob, setJob: setStartedJob } = useRunChoice(dataset?.name);
  const [point, setPoint] = useState<SweepPointRef & { sweep: number }>();

  const list = sweeps.data;
  const sweep = list?.find((s) => s.sweep === picked) ?? list?.find((s) => s.job === startedJob) ?? list?.[0];
  const watchedJob = startedJob ?? (sweep && !isTerminal(sweep.state) ? sweep.job : null);
  useReloadWhileRunning(watchedJob, sweeps.reload);

  const onStarted = (job: number) => {
    setPicked(undefined);
    setStartedJob(job);
    setPoint(undefined);
    sweeps.reload();
  };
  const shownPoint = point && point.sweep === sweep?.sweep ? point : undefined;
  // Every click scrolls (also to the point already open), and once more when its samples have
  // loaded: before that the page may be too short to bring the panel to the top.
  const [clicks, setClicks] = useState(0);
  const [loaded, setLoaded] = useState(0);
  useScrollIntoView('sweep-samples', shownPoint && `${clicks}:${loaded}`);

  return (
    <div className="page">
      <PageHeader title="Temperature sweep" actions={<DatasetPicker datasets={datasets} />}>
        For each model, generate variants of a random sample of originals at several temperatures and keep the
        temperature whose accepted variants are least similar to their originals, among temperatures where at least
        {' '}
        {Math.round((sweeps.data?.[0]?.minAcceptedShare ?? 0.8) * 100)}% of replies pass the reply gate. Generation uses it
        when its temperature is “chosen by the sweep”.
      </PageHeader>
      {datasets.error && <ErrorBanner title="Could not list datasets" message={datasets.error} />}
      {models.error && <ErrorBanner title="Could not list models" message={models.error} />}
      {sweeps.error && <ErrorBanner title="Could not load the sweeps" message={sweeps.error} />}
      {datasets.list?.length === 0 && <NoDatasetsYet />}
      {dataset && (
        <div className="grid grid-main-side">
          <div className="stack-panels">
            <Panel
              title="Similarity by temperature"
              actions={
                <RunPicker
                  label="Sweep"
                  runs={(list ?? []).map((s) => ({ id: s.sweep, label: sweepLabel(s) }))}
                  value={sweep?.sweep}
                  onChange={setPicked}
                />
              }
            >
              {sweep ? (
                <SweepResults
                  sweep={sweep}
                  point={shownPoint}
                  onPoint={(p) => {
                    setPoint({ ...p, sweep: sweep.sweep });
                    setClicks((n) => n + 1);
                  }}
                />
              ) : list ? (
                <EmptyState title={`No sweeps on ${dataset.name} yet`}>
                  <p>
                    Choose models and a temperature grid, then press Run sweep. The curves appear here as variants are
                    scored.
                  </p>
                </EmptyState>
              ) : (
                <p className="muted">Loading…</p>
              )}
            </Panel>
            {sweep && shownPoint && (
              <Panel
                id="sweep-samples"
                title={`Samples: ${shownPoint.model} at ${formatTemperature(shownPoint.temperature)}`}
                actions={
                  <button type="button" className="button button-small" onClick={() => setPoint(undefined)}>
                    Close
                  </button>
                }
              >
                <PointSamples sweep={sweep.sweep} point={shownPoint} onLoaded={() => setLoaded((n) => n + 1)} />
              </Panel>
            )}
          </div>
          <div className="stack-panels">
            {watchedJob !== null && (
              <Panel title={sweep?.job === watchedJob ? `Progress of sweep #${sweep.sweep}` : 'Progress'}>
                <JobProgress key={watchedJob} job={watchedJob} unit="variants" onEnd={sweeps.reload} />
              </Panel>
            )}
            <Panel title="Run a sweep">
              {models.data?.models.length === 0 ? (
                <EmptyState title="No models yet">
                  <p>
                    Register one per family on the <a href={hrefFor('models')}>Models page</a>, or add the tiny test
                    models there to try the workflow.
                  </p>
                </EmptyState>
              ) : models.data ? (
                <StartSweepForm dataset={dataset.name} models={models.data.models} onStarted={onStarted} />
              ) : (
                <p className="muted">Loading…</p>
              )}
            </Panel>
          </div>
        </div>
      )}
      {/* Full width: eight columns, and the outcome table, do not fit beside the form. */}
      {dataset && sweep && (
        <Panel title={`Numbers of sweep #${sweep.sweep}`}>
          <div className="stack">
            <SweepNumbers sweep={sweep} />
            <OutcomeTable scope={{ sweep: sweep.sweep }} liveJob={isTerminal(sweep.state) ? null : sweep.job} />
          </div>
        </Panel>
      )}
    </div>
  );
}

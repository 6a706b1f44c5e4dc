import { EmptyState } from '../../components/EmptyState';
import { JobProgress } from '../../components/JobProgress';
import { Panel } from '../../components/Panel';
import { LossCurve } from './LossCurve';
import { sourceLabel } from './sources';
import { useEpochCurves } from './use-epoch-curves';

interface TrainingPanelProps {
  /** The experiment job started on this page, if any. */
  job: number | null;
  onEnd: () => void;
}

/** The running experiment: its progress and the live loss curve of every source trained so far. */
export function TrainingPanel({ job, onEnd }: TrainingPanelProps) {
  const curves = useEpochCurves(job);
  const current = curves.at(-1);
  const latest = current?.epochs.at(-1);
  return (
    <Panel title="Training">
      {job === null ? (
        <EmptyState title="Nothing training">
          <p>Run an experiment and its loss curves are drawn here, epoch by epoch, one line per training source.</p>
        </EmptyState>
      ) : (
        <div className="stack">
          <JobProgress key={job} job={job} unit="epochs trained" onEnd={onEnd}>
            {current && latest && (
              <p className="muted" aria-live="polite">
                {sourceLabel(current.source)} (source {curves.length}): epoch {latest.epoch} of {latest.epochs}
              </p>
            )}
          </JobProgress>
          {curves.length > 0 ? (
            <LossCurve curves={curves} />
          ) : (
            <p className="muted">
              Encoding the texts and fitting. The AdamW seed protocol draws its loss here epoch by epoch; logistic
              regression by L-BFGS has no epochs and shows its results when it is done.
            </p>
          )}
        </div>
      )}
    </Panel>
  );
}

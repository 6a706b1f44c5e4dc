import type { ProcOutput } from '../../../src-main/contract/contract';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../lib/format';
import { DECISION_LABELS } from './review-decisions';

type Progress = ProcOutput<'review.progress'>;

/** How far this annotator has got through the dataset's variants, and how they decided. */
export function ReviewProgress({ progress }: { progress: Progress }) {
  const decided = Object.entries(DECISION_LABELS).filter(([key]) => progress.byDecision[key]);
  return (
    <div className="review-progress">
      <div className="row row-between">
        <span>
          <strong>{formatCount(progress.reviewed)}</strong> of {formatCount(progress.variants)} variants reviewed
        </span>
        <span className="muted">
          {decided
            .map(([key, label]) => `${label.toLowerCase()} ${formatCount(progress.byDecision[key] ?? 0)}`)
            .join(' · ')}
        </span>
      </div>
      <ProgressBar done={progress.reviewed} total={progress.variants} label={`Reviewed by ${progress.annotator}`} />
    </div>
  );
}

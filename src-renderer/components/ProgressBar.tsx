interface ProgressBarProps {
  done: number;
  /** 0 when the total is not known yet: the bar then shows activity without a fraction. */
  total: number;
  label: string;
  tone?: 'normal' | 'paused' | 'failed';
}

export function ProgressBar({ done, total, label, tone = 'normal' }: ProgressBarProps) {
  const known = total > 0;
  const percent = known ? Math.min(100, (done / total) * 100) : 0;
  return (
    <div
      className={`progress progress-${tone} ${known ? '' : 'progress-unknown'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? total : undefined}
      aria-valuenow={known ? done : undefined}
    >
      <div className="progress-fill" style={known ? { width: `${percent}%` } : undefined} />
    </div>
  );
}

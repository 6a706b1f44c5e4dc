import type { JobProgress } from '../contract/schemas.js';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One terminal line for a job: a bar, counts, failures, speed and ETA. */
export function progressLine(p: JobProgress, width = 24): string {
  const share = p.total ? p.done / p.total : 0;
  const filled = Math.round(share * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const eta = p.etaSeconds === null ? '' : ` ETA ${formatDuration(p.etaSeconds)}`;
  const model = p.model ? ` ${p.model}` : '';
  return `${bar} ${p.done}/${p.total}${p.failed ? ` (${p.failed} failed)` : ''} ${p.tokensPerSecond === null ? 'tok/s unknown' : `${Math.round(p.tokensPerSecond)} tok/s`}${eta}${model}`;
}

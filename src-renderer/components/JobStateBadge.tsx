import type { JobView } from '../../src-main/contract/contract';
import { Badge, type BadgeTone } from './Badge';

const TONES: Record<JobView['state'], BadgeTone> = {
  queued: 'neutral',
  running: 'info',
  paused: 'warn',
  cancelled: 'neutral',
  failed: 'bad',
  done: 'good',
};

export function JobStateBadge({ state }: { state: JobView['state'] }) {
  return <Badge tone={TONES[state]}>{state}</Badge>;
}

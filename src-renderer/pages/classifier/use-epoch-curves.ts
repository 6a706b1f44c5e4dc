import { useState } from 'react';
import type { EpochReport } from '../../../src-main/contract/classify-schemas';
import { useApiEvents } from '../../app/job-activity';

/** One trained source's losses so far, epoch by epoch. */
export interface SourceCurve {
  source: string;
  epochs: EpochReport[];
}

/** The training curves of one experiment job, from its 'epoch' events, in the order the sources were trained. */
export function useEpochCurves(job: number | null): SourceCurve[] {
  const [state, setState] = useState<{ job: number | null; curves: SourceCurve[] }>({ job, curves: [] });
  useApiEvents((e) => {
    if (e.type !== 'epoch' || e.job !== job) return;
    setState((before) => {
      const curves = before.job === e.job ? before.curves : [];
      const known = curves.some((c) => c.source === e.source);
      return {
        job: e.job,
        curves: known
          ? curves.map((c) => (c.source === e.source ? { ...c, epochs: [...c.epochs, e.report] } : c))
          : [...curves, { source: e.source, epochs: [e.report] }],
      };
    });
  });
  return state.job === job ? state.curves : [];
}

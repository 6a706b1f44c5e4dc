import type { ReportRequest } from '../../../src-main/contract/contract';
import { useApi } from '../../api/use-api';
import type { RunOption } from '../../components/RunPicker';
import { formatDateTime } from '../../lib/format';

/** Which sweep, experiment and audit go in the report; unset: the newest of each. */
export type ReportChoice = Omit<ReportRequest, 'dataset'>;

/** One section of the report, and whether there is anything to put in it yet. */
export interface ReportSection {
  name: string;
  /** What the report will show, or undefined when the section will say "nothing yet". */
  holds: string | undefined;
  /** Where to produce it. */
  page: string;
  loading: boolean;
  /** Sections with a choice of run: which field of the choice, and the runs to choose from (newest first). */
  pick?: { field: keyof ReportChoice; runs: RunOption[]; value: number | undefined };
}

/**
 * The report takes the chosen (by default the newest finished) sweep, every generation job, the
 * chosen experiment and audit (by default the newest of the synthetic set, else the newest of any set).
 */
export function useReportContents(dataset: string, choice: ReportChoice = {}): ReportSection[] {
  const sweeps = useApi('sweeps.list', { dataset });
  const jobs = useApi('jobs.list', { kind: 'generate', dataset });
  const experiments = useApi('experiments.list', { dataset });
  const audits = useApi('audits.list', { dataset });
  const agreement = useApi('review.agreement', { dataset });

  const finished = sweeps.data?.filter((s) => s.state === 'done') ?? [];
  const sweep = finished.find((s) => s.sweep === choice.sweep) ?? finished[0];
  const experiment = experiments.data?.find((e) => e.id === choice.experiment) ?? experiments.data?.[0];
  // By default the newest audit of the synthetic set, else the newest audit (saying which set).
  const audit = audits.data?.find((a) => a.audit === choice.audit) ?? audits.data?.find((a) => a.variant_set?.set === 'synthetic') ?? audits.data?.[0];
  const annotators = new Set(agreement.data?.flatMap((a) => a.annotators));
  return [
    {
      name: 'Temperature sweep',
      holds: sweep && `sweep #${sweep.sweep} (job #${sweep.job}): ${sweep.models.map((m) => m.model).join(', ')}`,
      page: 'sweep',
      loading: sweeps.loading,
      pick: {
        field: 'sweep',
        value: sweep?.sweep,
        runs: finished.map((s) => ({
          id: s.sweep,
          label: `Sweep #${s.sweep} (job #${s.job}): ${s.models.map((m) => m.model).join(', ')}`,
        })),
      },
    },
    {
      name: 'Generation',
      holds: jobs.data?.length ? `${jobs.data.length} job${jobs.data.length === 1 ? '' : 's'}` : undefined,
      page: 'generation',
      loading: jobs.loading,
    },
    {
      name: 'Review',
      // Agreement lists pairs only, so one annotator alone is not named here; the report counts every one.
      holds:
        annotators.size > 1 ? `${annotators.size} annotators, with Cohen’s κ` : 'each annotator’s decisions, if any',
      page: 'review',
      loading: agreement.loading,
    },
    {
      name: 'Classifier',
      holds: experiment && `experiment #${experiment.id} (${experiment.method})`,
      page: 'classifier',
      loading: experiments.loading,
      pick: {
        field: 'experiment',
        value: experiment?.id,
        runs: (experiments.data ?? []).map((e) => ({
          id: e.id,
          label: `Experiment #${e.id}: ${e.head} head, ${formatDateTime(e.createdAt)}`,
        })),
      },
    },
    {
      name: 'Privacy audit',
      holds: audit && `audit #${audit.audit}: ${audit.variants} variants`,
      page: 'privacy',
      loading: audits.loading,
      pick: {
        field: 'audit',
        value: audit?.audit,
        runs: (audits.data ?? []).map((a) => ({
          id: a.audit,
          label: `Audit #${a.audit}: ${a.variants} variants, ${formatDateTime(a.created_at)}`,
        })),
      },
    },
  ];
}

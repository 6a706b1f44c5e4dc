import { useApi } from '../../api/use-api';

/** One section of the report, and whether there is anything to put in it yet. */
export interface ReportSection {
  name: string;
  /** What the report will show, or undefined when the section will say "nothing yet". */
  holds: string | undefined;
  /** Where to produce it. */
  page: string;
  loading: boolean;
}

/** The report takes the newest finished sweep, every generation job, the newest experiment and the newest audit. */
export function useReportContents(dataset: string): ReportSection[] {
  const sweeps = useApi('sweeps.list', { dataset });
  const jobs = useApi('jobs.list', { kind: 'generate', dataset });
  const experiments = useApi('experiments.list', { dataset });
  const audits = useApi('audits.list', { dataset });
  const agreement = useApi('review.agreement', { dataset });

  const sweep = sweeps.data?.find((s) => s.state === 'done');
  const experiment = experiments.data?.[0];
  const audit = audits.data?.[0];
  const annotators = new Set(agreement.data?.flatMap((a) => a.annotators));
  return [
    {
      name: 'Temperature sweep',
      holds: sweep && `sweep #${sweep.sweep}: ${sweep.models.map((m) => m.model).join(', ')}`,
      page: 'sweep',
      loading: sweeps.loading,
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
    },
    {
      name: 'Privacy audit',
      holds: audit && `audit #${audit.audit}: ${audit.variants} variants`,
      page: 'privacy',
      loading: audits.loading,
    },
  ];
}

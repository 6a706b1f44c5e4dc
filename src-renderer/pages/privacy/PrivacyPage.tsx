import { useApi } from '../../api/use-api';
import { hrefFor } from '../../app/router';
import { useDatasets } from '../../app/use-datasets';
import { useRunChoice } from '../../app/use-run-choice';
import { DatasetPicker } from '../../components/DatasetPicker';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { JobProgress } from '../../components/JobProgress';
import { NoDatasetsYet } from '../../components/NoDatasetsYet';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { RunPicker } from '../../components/RunPicker';
import { ResultSetNote, SyntheticSetCounter } from '../../components/VariantSetCounts';
import { formatDateTime, plural } from '../../lib/format';
import { AuditResults } from './AuditResults';
import { StartAuditForm } from './StartAuditForm';

export function PrivacyPage() {
  const datasets = useDatasets();
  const dataset = datasets.current;
  const audits = useApi('audits.list', dataset ? { dataset: dataset.name } : null);
  /** The audit the person picked; otherwise the newest. */
  const { picked, setPicked, job, setJob } = useRunChoice(dataset?.name);

  const list = audits.data;
  const shown = list?.find((a) => a.audit === picked) ?? list?.[0];
  const result = useApi('audits.get', shown ? { id: shown.audit } : null);
  const onEnd = () => {
    setPicked(undefined);
    audits.reload();
  };

  return (
    <div className="page">
      <PageHeader title="Privacy" actions={<DatasetPicker datasets={datasets} />}>
        Could a variant be traced back to its original? Linkage against chance, similarity to the closest original,
        copied runs of words and specific values carried over.
      </PageHeader>
      {datasets.error && <ErrorBanner title="Could not list datasets" message={datasets.error} />}
      {datasets.list?.length === 0 && <NoDatasetsYet />}
      {dataset && (
        <>
          <div className="grid grid-main-side">
            <Panel title="Run an audit">
              <StartAuditForm dataset={dataset.name} onStarted={setJob} />
            </Panel>
            <Panel title="Progress">
              {job === null ? (
                <p className="muted">An audit of a few thousand variants takes seconds with TF-IDF.</p>
              ) : (
                <JobProgress key={job} job={job} unit="texts" onEnd={onEnd} />
              )}
            </Panel>
          </div>
          <Panel title="Synthetic set">
            <SyntheticSetCounter dataset={dataset.name} refresh={list} />
          </Panel>
          <Panel
            title="Results"
            actions={
              <RunPicker
                label="Audit"
                runs={(list ?? []).map((a) => ({
                  id: a.audit,
                  label: `#${a.audit} · ${plural(a.variants, 'variant')}${a.variant_set && a.variant_set.set !== 'synthetic' ? ` (${a.variant_set.set === 'sweep' ? `sweep ${a.variant_set.sweep}` : a.variant_set.set})` : ''} · ${formatDateTime(a.created_at)}`,
                }))}
                value={shown?.audit}
                onChange={setPicked}
              />
            }
          >
            {audits.error && <ErrorBanner title="Could not list audits" message={audits.error} />}
            {result.error && <ErrorBanner title="Could not load the audit" message={result.error} />}
            {list?.length === 0 ? (
              <EmptyState title={`No audits of ${dataset.name} yet`}>
                <p>
                  Run one with the form above, once there are variants (make them on the{' '}
                  <a href={hrefFor('generation')}>Generation page</a>).
                </p>
              </EmptyState>
            ) : result.data && result.data.audit === shown?.audit ? (
              <div className="stack">
                <ResultSetNote counts={result.data.variant_set} />
                <AuditResults audit={result.data} datasetCategories={dataset.categories.map((c) => c.name)} />
              </div>
            ) : (
              <p className="muted">Loading…</p>
            )}
          </Panel>
        </>
      )}
    </div>
  );
}

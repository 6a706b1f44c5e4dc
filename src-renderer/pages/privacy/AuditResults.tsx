import type { AuditResult } from '../../../src-main/contract/audit-schemas';
import { embedderName } from '../../lib/embedder-name';
import { formatDateTime, formatDuration, plural } from '../../lib/format';
import { AuditSummaryTable } from './AuditSummaryTable';
import { ClosestHistogram } from './ClosestHistogram';
import { LinkageChart } from './LinkageChart';
import { PiiCarryoverTable } from './PiiCarryoverTable';
import { PiiCategoryRelations } from './PiiCategoryRelations';
import { PiiExamples } from './PiiExamples';

/** One audit: linkage against chance, closest-record similarity, verbatim copying and PII carry-over. */
export function AuditResults({ audit, datasetCategories = [] }: { audit: AuditResult; datasetCategories?: readonly string[] }) {
  return (
    <div className="stack">
      <p className="muted">
        {plural(audit.overall.variants, 'variant')} against {plural(audit.originals, 'original')}, similarity by{' '}
        <span title={audit.embedder}>{embedderName(audit.embedder)}</span>; verbatim from {audit.params.min_run} shared
        words. {formatDateTime(audit.created_at)}, {formatDuration(audit.seconds)}.
      </p>
      <div className="grid grid-2 chart-pair">
        <section aria-label="Linkage">
          <h3>Linkage attack</h3>
          <LinkageChart audit={audit} />
        </section>
        <section aria-label="Closest record">
          <h3>Similarity to the closest original</h3>
          <ClosestHistogram audit={audit} />
        </section>
      </div>
      <AuditSummaryTable audit={audit} />
      <section aria-label="PII carry-over">
        <h3>PII carried over</h3>
        <p className="muted">
          Values found in the originals, and how many of them reappear in the variants, in any spelling of the same
          value (a phone number with other separators, a date written another way).
          {audit.params.region ? ` Phone numbers and numeric dates read as in ${audit.params.region}.` : ''}
        </p>
        <PiiCarryoverTable audit={audit} />
        <PiiCategoryRelations datasetCategories={datasetCategories} />
      </section>
      <section aria-label="Examples">
        <h3>Examples</h3>
        <PiiExamples audit={audit} />
      </section>
    </div>
  );
}

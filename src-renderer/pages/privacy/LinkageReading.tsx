import type { AuditResult } from '../../../src-main/contract/audit-schemas';
import { formatCount, formatPercent } from '../../lib/format';

type ModelSummary = AuditResult['models'][number];

/** Significance level of the one-sided binomial test against chance. */
export const ALPHA = 0.05;
/** A linkage rate this many times chance, and significant, is worth acting on before release. */
export const CONCERN_RATIO = 2;

export type LinkageVerdict = 'chance' | 'above' | 'concern' | 'unknown';

/**
 * How a top-1 linkage rate compares with chance: not distinguishable from it (p ≥ ALPHA), above it
 * but by less than CONCERN_RATIO times, or a concern. 'unknown' for audits made before the test.
 */
export function linkageVerdict(
  m: Pick<ModelSummary, 'linkage_top1' | 'chance_top1' | 'linkage_top1_p'>,
): LinkageVerdict {
  if (m.linkage_top1_p === undefined) return 'unknown';
  if (m.linkage_top1_p >= ALPHA) return 'chance';
  return m.linkage_top1 >= CONCERN_RATIO * m.chance_top1 ? 'concern' : 'above';
}

const formatP = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

const SAYS: Record<LinkageVerdict, string> = {
  chance: 'not distinguishable from chance',
  above: `above chance, but by less than ${CONCERN_RATIO}×`,
  concern: `a concern: well above chance — variants point back to their sources`,
  unknown: 'no significance test (audit made before it was added; run the audit again)',
};

/** The linkage figures in words: chance level, how far above it each model is, and whether that is significant. */
export function LinkageReading({ audit }: { audit: AuditResult }) {
  const n = audit.originals;
  return (
    <div className="linkage-reading" aria-label="Reading of the linkage figures">
      <p className="muted">
        Chance of ranking the source first is 1/{formatCount(n)} = {formatPercent(1 / n, 2)}. Each rate is tested
        against it with a one-sided exact binomial test; a rate at least {CONCERN_RATIO}× chance with p &lt; {ALPHA} is
        flagged as a concern.
      </p>
      <ul className="plain-list">
        {audit.models.map((m) => {
          const verdict = linkageVerdict(m);
          return (
            <li key={m.model} data-model={m.model} data-verdict={verdict}>
              <strong>{m.model}</strong>: source first for {formatPercent(m.linkage_top1, 2)} of{' '}
              {formatCount(m.variants)} variants ({(m.linkage_top1 / m.chance_top1).toFixed(1)}× chance
              {m.linkage_top1_p !== undefined && `, ${formatP(m.linkage_top1_p)}`}) —{' '}
              <span className={verdict === 'concern' ? 'text-bad' : undefined}>{SAYS[verdict]}</span>.
            </li>
          );
        })}
      </ul>
    </div>
  );
}

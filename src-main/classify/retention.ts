/**
 * Label retention: does a variant still carry its source's kinds of PII? Judged by the
 * classifier trained on originals, whose decisions on the source posts themselves are the
 * ceiling to compare with (a category the classifier misses on originals cannot be "retained").
 * Pure.
 */
import type { LabelRetention } from '../contract/classify-schemas.js';
import type { LabelMatrix } from './matrices.js';

/**
 * Row r of the three matrices is one variant: `sourceLabels` its source's true labels,
 * `onVariant` the classifier's decisions on the variant, `onSource` its decisions on the source.
 */
type RetentionCounts = Pick<
  LabelRetention,
  'source' | 'category' | 'sources' | 'retained' | 'source_detected' | 'others' | 'spurious'
>;

/** A retention row with its shares (null where there is nothing to share out). */
export function retentionRow(c: RetentionCounts): LabelRetention {
  const share = (n: number, of: number) => (of === 0 ? null : n / of);
  return {
    ...c,
    share: share(c.retained, c.sources),
    source_share: share(c.source_detected, c.sources),
    spurious_share: share(c.spurious, c.others),
  };
}

export function labelRetention(
  source: string,
  categories: readonly string[],
  sourceLabels: LabelMatrix,
  onVariant: LabelMatrix,
  onSource: LabelMatrix,
): LabelRetention[] {
  const { rows, cols } = sourceLabels;
  return categories.map((category, j) => {
    let sources = 0;
    let retained = 0;
    let detected = 0;
    let spurious = 0;
    for (let r = 0; r < rows; r++) {
      const i = r * cols + j;
      if (sourceLabels.values[i] !== 1) {
        spurious += onVariant.values[i]!;
        continue;
      }
      sources++;
      retained += onVariant.values[i]!;
      detected += onSource.values[i]!;
    }
    return retentionRow({
      source,
      category,
      sources,
      retained,
      source_detected: detected,
      others: rows - sources,
      spurious,
    });
  });
}

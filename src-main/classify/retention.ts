/**
 * Label retention: does a variant still carry its source's kinds of PII? Judged by the
 * classifier trained on originals, whose decisions on the source posts themselves are the
 * ceiling to compare with (a category the classifier misses on originals cannot be "retained").
 * Pure.
 */
import type { LabelRetention } from '../api/classify-schemas.js';
import type { LabelMatrix } from './matrices.js';

/**
 * Row r of the three matrices is one variant: `sourceLabels` its source's true labels,
 * `onVariant` the classifier's decisions on the variant, `onSource` its decisions on the source.
 */
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
    for (let r = 0; r < rows; r++) {
      const i = r * cols + j;
      if (sourceLabels.values[i] !== 1) continue;
      sources++;
      retained += onVariant.values[i]!;
      detected += onSource.values[i]!;
    }
    return {
      source,
      category,
      sources,
      retained,
      share: sources ? retained / sources : null,
      source_detected: detected,
      source_share: sources ? detected / sources : null,
    };
  });
}

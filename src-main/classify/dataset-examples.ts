/**
 * A dataset's originals and synthetic variants as labelled texts, and the split that keeps
 * every variant on the side of its source post: the originals are split (stratified, seeded)
 * and each variant follows its post_id, so no variant of a test post is ever trained on.
 */
import { SOURCE_ALL_SYNTHETIC, SOURCE_ORIGINAL } from '../contract/classify-schemas.js';
import type { VariantSet, VariantSetCounts } from '../contract/variant-set-schemas.js';
import { loadVariantSet } from '../review/synthetic-set.js';
import type { Store } from '../store/store.js';
import type { LabelledText } from './classifier.js';
import { stratifiedSplit } from './split.js';

export interface SourcedText extends LabelledText {
  /** The original post, or the variant's source post. */
  group: number;
}

export interface VariantText extends SourcedText {
  model: string;
}

export interface DatasetExamples {
  datasetId: number;
  categories: string[];
  originals: SourcedText[];
  /**
   * The variants of the chosen set (review/synthetic-set.ts): by default the synthetic set, whose
   * texts and labels are the reviewers' where they edited or relabelled.
   */
  variants: VariantText[];
  /** Models with at least one variant, by name. */
  models: string[];
  /** Which set the variants are and its counts, stored with every result made from them. */
  variantSet: VariantSetCounts;
}

export class DatasetSourceError extends Error {
  override name = 'DatasetSourceError';
}

export function loadDatasetExamples(store: Store, dataset: string, variantSet: VariantSet = 'synthetic'): DatasetExamples {
  const row = store.datasets.get(dataset);
  if (!row) throw new DatasetSourceError(`no dataset named "${dataset}"`);
  const categories = store.datasets.categories(row.id).map((c) => c.name);
  const originals: SourcedText[] = [];
  for (const p of store.posts.iterateLabelled(row.id)) originals.push({ group: p.id, text: p.text, labels: p.labels });
  // Sweep variants are temperature probes, not the synthetic dataset: the set holds generation jobs' only.
  const set = loadVariantSet(store, dataset, { variantSet });
  const variants = set.variants.map((v) => ({ group: v.postId, model: v.model, text: v.text, labels: v.labels }));
  const models = [...new Set(variants.map((v) => v.model))].sort();
  return { datasetId: row.id, categories, originals, variants, models, variantSet: set.counts };
}

/** The original posts held out for testing (post ids), stratified by their labels. */
export function testPostsOf(originals: readonly SourcedText[], testShare: number, seed: number): Set<number> {
  const split = stratifiedSplit(
    originals.map((o) => o.labels),
    testShare,
    seed,
  );
  return new Set(split.test.map((i) => originals[i]!.group));
}

/** The texts of `source` (original, synthetic:all or synthetic:MODEL) on one side of the split. */
export function sourceTexts(
  data: DatasetExamples,
  source: string,
  side: 'train' | 'test',
  testPosts: ReadonlySet<number>,
): SourcedText[] {
  let texts: SourcedText[];
  if (source === SOURCE_ORIGINAL) texts = data.originals;
  else if (source === SOURCE_ALL_SYNTHETIC) texts = data.variants;
  else if (source.startsWith('synthetic:')) {
    const model = source.slice('synthetic:'.length);
    if (!data.models.includes(model)) {
      throw new DatasetSourceError(
        `no variants from a model "${model}" (models with variants: ${data.models.join(', ') || 'none'})`,
      );
    }
    texts = data.variants.filter((v) => v.model === model);
  } else throw new DatasetSourceError(`unknown source "${source}": use original, synthetic:MODEL or synthetic:all`);
  return texts.filter((t) => testPosts.has(t.group) === (side === 'test'));
}

/**
 * Runs a privacy audit of a dataset's variants and stores it: loads the originals and one set
 * of variants (the synthetic set by default, with reviewers' edits: review/synthetic-set.ts), embeds them, ranks every original for every variant, measures
 * verbatim runs and PII carry-over, and summarises per model and sweep temperature.
 */
import {
  AuditOptionsSchema,
  LINKAGE_TOP_K,
  type AuditListItem,
  type AuditOptions,
  type AuditResult,
  type AuditVariantRow,
} from '../contract/audit-schemas.js';
import type { Embedder } from '../similarity/embedder.js';
import { parseEmbedderSpec } from '../similarity/embedder.js';
import type { Vector } from '../similarity/vectors.js';
import { loadVariantSet } from '../review/synthetic-set.js';
import type { Db } from '../store/database.js';
import type { Store } from '../store/store.js';
import { AuditRepo } from './audit-repo.js';
import { summarizeGroup, summarizeModels } from './audit-summary.js';
import { extractPii, type PiiValue } from './pii-extract.js';
import { phoneCountries } from './pii-phones.js';
import { buildSimilarityIndex } from './similarity-index.js';
import { auditVariant, type AuditedOriginal, type AuditedVariant } from './variant-audit.js';

export class AuditError extends Error {
  override name = 'AuditError';
}

export interface AuditProgress {
  phase: 'originals' | 'variants';
  done: number;
  total: number;
}

/** Texts embedded per call: keeps dense embedders' batches and progress reports reasonable. */
const EMBED_BATCH = 256;

function loadOriginals(db: Db, datasetId: number): AuditedOriginal[] {
  return db
    .prepare<[number], AuditedOriginal>(
      'SELECT id, external_id AS externalId, text FROM posts WHERE dataset_id = ? ORDER BY id',
    )
    .all(datasetId);
}

async function embedAll(
  embedder: Embedder,
  texts: readonly string[],
  onBatch: (done: number) => void,
): Promise<Vector[]> {
  const out: Vector[] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    out.push(...(await embedder.embed(texts.slice(i, i + EMBED_BATCH))));
    onBatch(out.length);
  }
  return out;
}

export async function runAudit(
  store: Store,
  options: AuditOptions,
  onProgress?: (p: AuditProgress) => void,
): Promise<AuditResult> {
  const o = AuditOptionsSchema.parse(options);
  const started = performance.now();
  const spec = parseEmbedderSpec(o.embedder);
  const dataset = store.datasets.get(o.dataset);
  if (!dataset) throw new AuditError(`no dataset named "${o.dataset}"`);
  // National phone numbers and numeric dates are read in the audit's region, else the dataset's.
  const region = o.region ?? dataset.region ?? undefined;
  if (region && !phoneCountries({ region }).includes(region as never)) {
    throw new AuditError(`unknown region "${region}": give a two-letter ISO 3166-1 code such as FR, DE, GB, US, IN, BR or JP`);
  }
  const piiOptions = region ? { region } : {};
  const originals = loadOriginals(store.db, dataset.id);
  // The chosen set only (review/synthetic-set.ts): sweep samples are audited on their own, never mixed in.
  const set = loadVariantSet(store, dataset.name, { variantSet: o.variantSet, ...(o.sweep ? { sweep: o.sweep } : {}) });
  const variants: AuditedVariant[] = set.variants.map((v) => ({
    id: v.id,
    postId: v.postId,
    model: v.model,
    family: v.family,
    temperature: v.temperature,
    sweepId: v.sweepId,
    text: v.text,
    edited: v.edited,
  }));
  if (!variants.length) {
    const c = set.counts;
    throw new AuditError(
      c.generated === 0
        ? c.set === 'sweep'
          ? `sweep ${c.sweep} of dataset "${dataset.name}" has no samples to audit`
          : `dataset "${dataset.name}" has no successful variants to audit; make some with synthlab generate`
        : `the ${c.set} set of dataset "${dataset.name}" is empty (${c.generated} generated, ${c.gate_rejected} rejected by the gate, ${c.review_rejected} rejected in review)`,
    );
  }

  // Loaded only once there is something to audit: it brings the dense embedders' runtimes.
  const { openEmbedder } = await import('../similarity/open-embedder.js');
  const embedder = await openEmbedder(store, spec, dataset.id, o.threads);
  try {
    const originalVectors = await embedAll(
      embedder,
      originals.map((p) => p.text),
      (done) => onProgress?.({ phase: 'originals', done, total: originals.length }),
    );
    const index = buildSimilarityIndex(originalVectors);
    const positionOfPost = new Map(originals.map((p, i) => [p.id, i]));
    // A source's values are found once, however many variants it has.
    const piiOfSource = new Map<number, PiiValue[]>();
    const rows: AuditVariantRow[] = [];
    for (let b = 0; b < variants.length; b += EMBED_BATCH) {
      const batch = variants.slice(b, b + EMBED_BATCH);
      const vectors = await embedder.embed(batch.map((v) => v.text));
      batch.forEach((variant, k) => {
        const sourceIndex = positionOfPost.get(variant.postId)!;
        const source = originals[sourceIndex]!;
        let sourcePii = piiOfSource.get(source.id);
        if (!sourcePii) piiOfSource.set(source.id, (sourcePii = extractPii(source.text, piiOptions)));
        const ranking = index.rankSource(vectors[k]!, sourceIndex);
        const closest = ranking.closestIndex >= 0 ? originals[ranking.closestIndex] : undefined;
        rows.push(auditVariant({ variant, source, sourcePii, ranking, closest, minRun: o.minRun, piiOptions }));
      });
      onProgress?.({ phase: 'variants', done: b + batch.length, total: variants.length });
    }

    const summaryParams = { originals: originals.length, histogramBins: o.histogramBins, maxExamples: o.maxExamples };
    return new AuditRepo(store.db).insert(
      dataset.id,
      {
        dataset: dataset.name,
        embedder: embedder.id,
        embedder_description: embedder.description,
        originals: originals.length,
        params: {
          min_run: o.minRun,
          ...(region ? { region } : {}),
          histogram_bins: o.histogramBins,
          max_examples: o.maxExamples,
          top_k: LINKAGE_TOP_K,
        },
        variant_set: set.counts,
        seconds: (performance.now() - started) / 1000,
        overall: summarizeGroup(rows, summaryParams),
        models: summarizeModels(rows, summaryParams),
      },
      rows,
    );
  } finally {
    await embedder.dispose();
  }
}

export function getAudit(store: Store, id: number): AuditResult | undefined {
  return new AuditRepo(store.db).get(id);
}

export function listAudits(store: Store, dataset?: string): AuditListItem[] {
  return new AuditRepo(store.db).list(dataset);
}

/** An audit's per-variant rows, by variant id, streamed. */
export function auditRows(store: Store, id: number): Generator<AuditVariantRow> {
  return new AuditRepo(store.db).rows(id);
}

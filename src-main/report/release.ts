/**
 * The release: a dataset's synthetic set written as a dataset a researcher can publish —
 * `synthetic.jsonl` and `synthetic.csv` (text, labels and per-variant provenance; both import
 * back with `synthlab import`) — and `DATASET_CARD.md`, which states the set's counts, the models
 * with their SHA-256, the temperatures and how they were chosen, the prompt versions, the gate
 * and review statistics, and the summaries of the latest audit and classifier experiment run on
 * the synthetic set.
 */
import path from 'node:path';
import type { AuditResult } from '../contract/audit-schemas.js';
import type { ExperimentResult } from '../contract/classify-schemas.js';
import {
  REVIEW_RULES,
  countLines,
  describeSet,
  ReleaseOptionsSchema,
  type ReleaseOptions,
  type ReleaseResult,
  type VariantSetCounts,
} from '../contract/variant-set-schemas.js';
import { loadExperiment } from '../classify/experiments.js';
import { serialise, variantRecord } from '../datasets/exporter.js';
import { getAudit, listAudits } from '../privacy/audit.js';
import { reviewAgreement, reviewProgress } from '../review/reviews.js';
import { loadVariantSet, reviewDisagreements, type LoadedVariantSet } from '../review/synthetic-set.js';
import type { Store } from '../store/store.js';
import { writeFileAtomic } from '../util/atomic-file.js';

export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

export const RELEASE_FILES = { jsonl: 'synthetic.jsonl', csv: 'synthetic.csv', card: 'DATASET_CARD.md' } as const;

const sameCounts = (a: VariantSetCounts, b: VariantSetCounts) =>
  countLines(a).every(([label, n], i) => countLines(b)[i]![0] === label && countLines(b)[i]![1] === n);

/** The newest stored audit and experiment of a dataset's synthetic set (null where none was run). */
export function latestOnSyntheticSet(
  store: Store,
  dataset: string,
): { audit: AuditResult | null; experiment: ExperimentResult | null } {
  const d = store.datasets.get(dataset);
  if (!d) throw new ReleaseError(`no dataset named "${dataset}"`);
  const auditId = listAudits(store, dataset).find((a) => a.variant_set?.set === 'synthetic')?.audit;
  const experimentIds = store.db
    .prepare<[number], number>('SELECT id FROM experiments WHERE dataset_id = ? ORDER BY id DESC')
    .pluck()
    .all(d.id);
  let experiment: ExperimentResult | null = null;
  for (const id of experimentIds) {
    const e = loadExperiment(store, id);
    if (e.variant_set?.set === 'synthetic') {
      experiment = e;
      break;
    }
  }
  return { audit: auditId === undefined ? null : (getAudit(store, auditId) ?? null), experiment };
}

/** A note when a result was computed on other counts than the set has now (review went on since). */
export function staleNote(result: VariantSetCounts | null, now: VariantSetCounts): string | null {
  if (!result) return 'It was stored before results recorded their variant set.';
  return sameCounts(result, now)
    ? null
    : `It was computed on ${result.included} variants (${result.review_rejected} rejected, ${result.edited} edited, ${result.relabelled} relabelled in review); the set has changed since, so run it again before publishing.`;
}

const md = (text: string | number) => String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '–' : v.toFixed(d));

function mdTable(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.map(md).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(md).join(' | ')} |`),
  ].join('\n');
}

interface ModelUse {
  model: string;
  family: string;
  sha256: string | null;
  temperature: number;
  job: number | null;
  how: string;
  variants: number;
}

/**
 * Each (model, temperature, generation job) of the set, with how its temperature was chosen: a
 * temperature equal to the one a finished sweep of this dataset chose for that model before the
 * job was created is reported as that sweep's choice, anything else as set by hand. (Jobs store
 * the temperature, not how it was picked, so this is read from the sweeps.)
 */
function modelUses(store: Store, set: LoadedVariantSet): ModelUse[] {
  const groups = new Map<string, ModelUse>();
  for (const v of set.variants) {
    const key = `${v.model}\u0000${v.temperature}\u0000${v.jobId}`;
    const g = groups.get(key);
    if (g) g.variants++;
    else
      groups.set(key, {
        model: v.model,
        family: v.family,
        sha256: v.modelSha256,
        temperature: v.temperature,
        job: v.jobId,
        how: '',
        variants: 1,
      });
  }
  const sweepOf = store.db
    .prepare<[number, string, number, number], number>(
      `SELECT s.id FROM sweeps s JOIN sweep_points p ON p.sweep_id = s.id JOIN models m ON m.id = p.model_id
     WHERE s.dataset_id = ? AND m.name = ? AND s.state = 'done' AND p.chosen = 1 AND abs(p.temperature - ?) < 1e-9
       AND s.created_at <= (SELECT created_at FROM jobs WHERE id = ?)
     ORDER BY s.id DESC LIMIT 1`,
    )
    .pluck();
  for (const g of groups.values()) {
    if (g.job === null) {
      g.how = 'unknown (no generation job recorded)';
      continue;
    }
    const sweep = sweepOf.get(set.datasetId, g.model, g.temperature, g.job);
    g.how = sweep === undefined ? 'set by hand' : `chosen by temperature sweep ${sweep} (lowest mean similarity)`;
  }
  return [...groups.values()].sort((a, b) =>
    a.model < b.model ? -1 : a.model > b.model ? 1 : (a.job ?? 0) - (b.job ?? 0),
  );
}

function gateReasons(store: Store, datasetId: number): [string, number][] {
  return store.db
    .prepare<[number], { reason: string; n: number }>(
      `SELECT coalesce(v.failure_reason, 'no text') AS reason, count(*) AS n FROM variants v JOIN posts p ON p.id = v.post_id
         WHERE p.dataset_id = ? AND v.sweep_id IS NULL AND v.status = 'failed' GROUP BY reason ORDER BY n DESC, reason LIMIT 10`,
    )
    .all(datasetId)
    .map((r) => [r.reason, r.n]);
}

function auditSection(audit: AuditResult | null, now: VariantSetCounts, dataset: string): string {
  if (!audit)
    return `No privacy audit of the synthetic set has been run. Run one: \`synthlab audit --dataset ${dataset}\`.`;
  const stale = staleNote(audit.variant_set, now);
  const o = audit.overall;
  return [
    `Audit ${audit.audit} (${audit.created_at}), embedder \`${audit.embedder}\`, ${audit.originals} originals; ${audit.variant_set ? describeSet(audit.variant_set) : 'set not recorded'}.${stale ? ` **${stale}**` : ''}`,
    '',
    `Over all ${o.variants} variants: the source is the closest original for ${pct(o.linkage_top1)} (chance ${pct(o.chance_top1)}), in the top 5 for ${pct(o.linkage_top5)} (chance ${pct(o.chance_top5)}); mean rank of the source ${num(o.mean_source_rank, 1)}; ${o.verbatim_variants} variants (${pct(o.verbatim_share)}) share a run of ${audit.params.min_run}+ words with their source; ${o.pii_carryover_variants} carry over at least one specific value of their source.`,
    '',
    mdTable(
      ['model', 'variants', 'linked first', 'chance', 'in top 5', 'mean rank', 'verbatim', 'variants carrying PII'],
      audit.models.map((m) => [
        m.model,
        m.variants,
        pct(m.linkage_top1),
        pct(m.chance_top1),
        pct(m.linkage_top5),
        num(m.mean_source_rank, 1),
        pct(m.verbatim_share),
        m.pii_carryover_variants,
      ]),
    ),
  ].join('\n');
}

function experimentSection(e: ExperimentResult | null, now: VariantSetCounts, dataset: string): string {
  if (!e)
    return `No classifier experiment has been run on the synthetic set. Run one: \`synthlab experiment --dataset ${dataset}\`.`;
  const stale = staleNote(e.variant_set, now);
  const shown = e.runs.filter((r) => r.experiment === 'a' || r.experiment === 'd' || r.experiment === 'c');
  return [
    `Experiment ${e.experiment}: encoder \`${e.encoder}\`, ${e.head} head, seed ${e.split.seed}, ${e.split.train_posts} training / ${e.split.test_posts} test originals (variants follow their source); ${e.variant_set ? describeSet(e.variant_set) : 'set not recorded'}.${stale ? ` **${stale}**` : ''}`,
    '',
    mdTable(
      ['experiment', 'train → test', 'train', 'test', 'macro F1', 'micro F1'],
      shown.map((r) => [
        r.experiment,
        `${r.train_source} → ${r.test_source}`,
        r.train_size,
        r.test_size,
        num(r.metrics.macro_f1),
        num(r.metrics.micro_f1),
      ]),
    ),
    '',
    '(a) trains and tests on originals; (c) on the synthetic variants; (d) trains on synthetic variants and tests on held-out originals (TSTR).',
  ].join('\n');
}

/** DATASET_CARD.md for a dataset's synthetic set. */
export function buildDatasetCard(store: Store, dataset: string, set: LoadedVariantSet, when = new Date()): string {
  const c = set.counts;
  const posts = store.db
    .prepare<[number], number>('SELECT count(*) FROM posts WHERE dataset_id = ?')
    .pluck()
    .get(set.datasetId)!;
  const categories = store.datasets.categories(set.datasetId).map((x) => x.name);
  const uses = modelUses(store, set);
  const prompts = [...new Set(set.variants.map((v) => v.promptVersion))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const annotators = [...new Set(set.variants.flatMap((v) => v.reviews.map((r) => r.annotator)))];
  const allAnnotators = store.db
    .prepare<[number], string>(
      `SELECT DISTINCT r.annotator FROM reviews r JOIN variants v ON v.id = r.variant_id JOIN posts p ON p.id = v.post_id
       WHERE p.dataset_id = ? AND v.sweep_id IS NULL ORDER BY r.annotator`,
    )
    .pluck()
    .all(set.datasetId);
  const agreement = reviewAgreement(store, dataset);
  const disagreements = reviewDisagreements(store, dataset);
  const reasons = gateReasons(store, set.datasetId);
  const { audit, experiment } = latestOnSyntheticSet(store, dataset);
  const perModel = [...new Set(set.variants.map((v) => v.model))]
    .sort()
    .map((m) => [m, set.variants.filter((v) => v.model === m).length]);
  const tiny = uses.some((u) => u.model.startsWith('tiny-'));
  // The demo's rule-based rephraser is served as an endpoint model whose id says it is not an LLM.
  const standIn = uses.some((u) => u.model.startsWith('rule-based-stand-in'));

  return `# Synthetic dataset card: ${dataset}

Written by SynthLab on ${when.toISOString()} from the workspace dataset "${dataset}" (${posts} original posts; categories: ${categories.join(', ') || 'none'}).
${tiny ? '\n> Some variants come from the tiny random-weight test models, which produce gibberish: this release shows the workflow, not usable data.\n' : ''}${standIn ? "\n> Some variants come from the demo's rule-based stand-in rephraser, **not an LLM**: it swaps synonyms and personal values by rule. This release shows the workflow, not LLM output.\n" : ''}
## What this is

The synthetic set of "${dataset}": rephrasings of its posts by the models below, that keep the kinds of personal information but
not their values, restricted to what reviewers let through. This release is ${describeSet(c)}.

- ${RELEASE_FILES.jsonl}: one JSON object per line; ${RELEASE_FILES.csv}: the same, one row per variant (labels separated by ";").
- Fields: \`id\` (v + variant id), \`text\`, \`labels\`, then provenance: \`source_id\` (the original post's id), \`model\`,
  \`family\`, \`model_sha256\`, \`temperature\`, \`seed\`, \`prompt_version\`, \`job_id\`, \`edited\`, \`relabelled\`, and
  \`reviews\` (each annotator's latest decision, with labels they set and when).
- Import either file as a dataset: \`synthlab import ${RELEASE_FILES.jsonl} --dataset ${dataset}-synthetic\`.
- Edited variants carry the reviewer's text; the model's text is not released (an edit may be what removed a leaked value) and stays in the workspace.

## Which variants are included

A variant is in the set when it comes from a generation job (temperature-sweep samples never are), passed the reply
gate, and review does not keep it out:

- ${REVIEW_RULES.accept}
- ${REVIEW_RULES.reject}
- ${REVIEW_RULES.edit}
- ${REVIEW_RULES.relabel}
- ${REVIEW_RULES.annotators}

## Counts

${mdTable(['variants', 'count'], countLines(c))}

${mdTable(['model', 'included variants'], perModel)}

## Models, temperatures and prompt

${mdTable(
  ['model', 'family', 'SHA-256', 'temperature', 'how the temperature was chosen', 'generation job', 'variants'],
  uses.map((u) => [u.model, u.family, u.sha256 ?? '–', u.temperature, u.how, u.job ?? '–', u.variants]),
)}

Prompt version${prompts.length === 1 ? '' : 's'}: ${prompts.map((p) => (p === null ? 'not recorded' : `rephrase v${p}`)).join(', ') || '–'}.
Seeds are per variant (field \`seed\`).

## Reply gate

${c.gate_rejected} of ${c.generated} generated variants were rejected by the reply gate (not a usable rephrasing).
${reasons.length ? `\n${mdTable(['reason', 'variants'], reasons)}\n` : ''}
## Review

${
  allAnnotators.length
    ? [
        mdTable(
          ['annotator', 'decided', 'of', 'accept', 'reject', 'edit', 'relabel'],
          allAnnotators.map((a) => {
            const p = reviewProgress(store, dataset, a);
            return [
              a,
              p.reviewed,
              p.variants,
              p.byDecision.accept ?? 0,
              p.byDecision.reject ?? 0,
              p.byDecision.edit ?? 0,
              p.byDecision.relabel ?? 0,
            ];
          }),
        ),
        agreement.length
          ? `\n${mdTable(
              ['annotators', 'shared variants', 'agreement', "Cohen's κ"],
              agreement.map((g) => [g.annotators.join(' & '), g.items, pct(g.agreement), num(g.kappa)]),
            )}`
          : '',
        `\n${disagreements.disagreements.length} of ${disagreements.shared} variants decided by two or more annotators have differing latest decisions. ${annotators.length} annotator${annotators.length === 1 ? '' : 's'} decided variants in this release.`,
      ].join('\n')
    : 'No variant was reviewed: every variant that passed the gate is included as the model wrote it.'
}

## Privacy audit

${auditSection(audit, c, dataset)}

## Classifier: original against synthetic

${experimentSection(experiment, c, dataset)}

## Reproducing

\`\`\`sh
synthlab audit --dataset ${dataset}
synthlab experiment --dataset ${dataset}
synthlab release --dataset ${dataset} --out DIR
\`\`\`
`;
}

/**
 * Writes the release of a dataset's synthetic set into `out` (created if missing): the JSONL, the
 * CSV and DATASET_CARD.md, each atomically. Throws ReleaseError for an unknown dataset or an
 * empty synthetic set.
 */
export async function writeRelease(store: Store, options: ReleaseOptions, when = new Date()): Promise<ReleaseResult> {
  const o = ReleaseOptionsSchema.parse(options);
  if (!store.datasets.get(o.dataset)) throw new ReleaseError(`no dataset named "${o.dataset}"`);
  const set = loadVariantSet(store, o.dataset, { variantSet: 'synthetic' });
  const c = set.counts;
  if (!set.variants.length) {
    throw new ReleaseError(
      `the synthetic set of "${o.dataset}" is empty (${c.generated} generated, ${c.gate_rejected} rejected by the gate, ${c.review_rejected} rejected in review): nothing to release`,
    );
  }
  const dir = path.resolve(o.out);
  const records = set.variants.map((v) => variantRecord(v, false));
  const files = [
    path.join(dir, RELEASE_FILES.jsonl),
    path.join(dir, RELEASE_FILES.csv),
    path.join(dir, RELEASE_FILES.card),
  ];
  await writeFileAtomic(files[0]!, serialise(records, 'jsonl', { rows: 0 }));
  await writeFileAtomic(files[1]!, serialise(records, 'csv', { rows: 0 }));
  await writeFileAtomic(files[2]!, [buildDatasetCard(store, o.dataset, set, when)]);
  const { audit, experiment } = latestOnSyntheticSet(store, o.dataset);
  return {
    dataset: o.dataset,
    dir,
    files,
    counts: c,
    audit: audit?.audit ?? null,
    experiment: experiment?.experiment ?? null,
  };
}

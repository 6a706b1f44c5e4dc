/**
 * One self-contained HTML report of a dataset's work: sweep, generation, review, classifier
 * and privacy results, with what is needed to reproduce them (models and their SHA-256, the
 * prompt versions, seeds). Inline SVG and CSS, no script, nothing fetched.
 */
import { PII_KIND_MATCHING, piiCategoryRelations, type AuditResult } from '../contract/audit-schemas.js';
import { MIN_CATEGORY_POSITIVES, MIN_TRAINING_POSTS, termSelectionNote, type ExperimentResult } from '../contract/classify-schemas.js';
import type { ReportRequest } from '../contract/contract.js';
import type { OutcomeTableRow, SweepResult } from '../contract/schemas.js';
import { loadExperiment } from '../classify/experiments.js';
import { datasetSummaries } from '../datasets/summary.js';
import { generationParams } from '../generate/generation-job.js';
import { getAudit, listAudits } from '../privacy/audit.js';
import { reviewAgreement, reviewProgress } from '../review/reviews.js';
import { countLines, describeSet, type VariantSetCounts } from '../contract/variant-set-schemas.js';
import { loadVariantSet, reviewDisagreements } from '../review/synthetic-set.js';
import { latestOnSyntheticSet, staleNote } from './release.js';
import type { Store } from '../store/store.js';
import { sweepResult } from '../sweep/sweep-job.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { occupiedBins } from '../contract/chart-scales.js';
import { modelColours, runColour, seriesColourAt } from '../contract/palette.js';
import { esc, groupedBarChart, lineChart } from './svg-charts.js';

/** Which sweep, experiment and audit go in; by default the newest finished sweep, the newest experiment and the newest audit. */
export type ReportChoice = Omit<ReportRequest, 'dataset'>;

/** name → colour for these models, by their slot among the registered ones: the colours the workbench uses. */
type ColourOf = (model: string) => string;
function colourLookup(store: Store, names: readonly string[]): ColourOf {
  const colours = modelColours(names, store.models.list().map((m) => m.name), 'light');
  return (name) => colours.get(name) ?? seriesColourAt(0);
}

/** The one-sided binomial p-value in words. */
const pText = (p: number | undefined) => (p === undefined ? 'no test (audit made before it)' : p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

export class ReportError extends Error {
  override name = 'ReportError';
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '–' : v.toFixed(d));

function table(header: string[], rows: (string | number)[][]): string {
  const cell = (c: string | number) => (typeof c === 'number' ? `<td class="n">${c}</td>` : `<td>${c}</td>`);
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('')}</tbody></table>`;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1c2230;background:#fff;margin:0 auto;max-width:1080px;padding:32px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:21px;margin:36px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}h3{font-size:16px;margin:20px 0 6px}
.muted{color:#5b6475}table{border-collapse:collapse;margin:8px 0 16px;font-size:13.5px}th,td{border-bottom:1px solid #e5e8ee;padding:4px 10px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f6fa}code,pre{font:12.5px ui-monospace,Menlo,Consolas,monospace}
pre{background:#f4f6fa;padding:10px;white-space:pre-wrap;border-radius:6px}.chart{max-width:100%;height:auto;font:11px system-ui,sans-serif}
.chart .grid{stroke:#e5e8ee}.chart .axis{stroke:#8a93a3}.chart text{fill:#3a4253}.chart .label{font-size:12px;fill:#5b6475}
.note{background:#fff8e6;border-left:4px solid #e0a100;padding:8px 12px;margin:12px 0}
@media (prefers-color-scheme:dark){body{background:#12151c;color:#dfe4ee}th{background:#1d222d}th,td{border-color:#2a3140}pre{background:#1d222d}.chart text{fill:#c9d0dd}.chart .grid{stroke:#2a3140}.muted{color:#9aa3b5}.note{background:#2a2412}}`;

function sweepSection(s: SweepResult & { outcomes: OutcomeTableRow[] }, colourOf: ColourOf): string {
  const chart = lineChart({
    title: 'Mean cosine similarity to the originals by temperature',
    xLabel: 'sampling temperature (unitless)',
    yLabel: 'mean cosine similarity (0–1)',
    series: s.models.map((m) => ({ name: m.model, colour: colourOf(m.model), marker: m.chosen, points: m.points.map((p) => ({ x: p.temperature, y: p.mean, lo: p.ci95?.[0] ?? null, hi: p.ci95?.[1] ?? null })) })),
  });
  const rows = s.models.flatMap((m) =>
    m.points.map((p) => [
      esc(m.model),
      `${p.temperature.toFixed(2)}${m.chosen === p.temperature ? ' ★' : ''}`,
      num(p.mean),
      num(p.std),
      p.ci95 ? `${num(p.ci95[0])} – ${num(p.ci95[1])}` : '–',
      p.n,
      p.failed,
      pct(p.accepted_share),
      esc(p.rejections.map((x) => `${x.outcome} ${x.n}`).join(', ') || '–'),
    ]),
  );
  const choices = s.models
    .map((m) => `<li><b>${esc(m.model)}</b>: ${m.chosen === null ? 'no temperature chosen' : `temperature ${m.chosen}`}${m.choice ? ` — ${esc(m.choice.reason)}` : ''}</li>`)
    .join('');
  return `<h2 id="sweep">Temperature sweep</h2>
<p class="muted">Sweep ${s.sweep} (job ${s.job}): ${s.sample} sampled originals, embedder <code>${esc(s.embedder)}</code>. How to read the chart: lower is better (variants share less wording with their originals). Similarity is measured on variants the reply gate accepted only; a ring marks each model's chosen temperature (★ in the table) (lowest mean similarity among temperatures with at least ${pct(s.minAcceptedShare)} of replies accepted); bands are 95% confidence intervals.</p>
<ul>${choices}</ul>
${chart}${table(['model', 'temperature', 'mean (accepted)', 'std', '95% CI', 'accepted', 'failed', 'accepted share', 'rejected attempts'], rows)}
<h3>Reply gate outcomes (every attempt)</h3>${outcomeTable(s.outcomes)}`;
}

/** Attempts by model × temperature × reply-gate outcome. */
function outcomeTable(rows: readonly OutcomeTableRow[]): string {
  if (!rows.length) return '<p class="muted">No attempts recorded.</p>';
  return table(
    ['model', 'temperature', 'attempts', 'accepted share', 'outcomes', 'failed variants'],
    rows.map((r) => [esc(r.model), r.temperature.toFixed(2), r.attempts, pct(r.acceptedShare), esc(r.outcomes.map((o) => `${o.outcome} ${o.n}`).join(', ')), `${r.failedVariants} of ${r.variants}`]),
  );
}

/** Which variants a result used, and whether the synthetic set has changed since. */
function setNote(used: VariantSetCounts | null, now: VariantSetCounts): string {
  const stale = used?.set === 'synthetic' ? staleNote(used, now) : null;
  return `<p class="note">Variants: ${used ? esc(describeSet(used)) : 'not recorded (stored before results recorded their variant set)'}.${stale ? ` ${esc(stale)}` : ''}</p>`;
}

/**
 * The classifier section of the report, from a stored experiment. Pure.
 * @param now the synthetic set's counts today, to say whether the set changed since the experiment
 */
export function experimentSection(e: ExperimentResult, now?: VariantSetCounts, registry: readonly string[] = []): string {
  const runs = e.runs;
  const label = (r: (typeof runs)[number]) => ({ a: 'original', b: r.train_source.replace('synthetic:', ''), c: 'all synthetic', d: `TSTR ${r.train_source.replace('synthetic:', '')}`, e: `original → ${r.test_source.replace('synthetic:', '')}` })[r.experiment];
  const shown = runs.filter((r) => r.experiment !== 'e');
  const categories = runs[0]?.metrics.categories.map((c) => c.name) ?? [];
  const chart = groupedBarChart({
    title: 'Per-category F1',
    yLabel: 'F1',
    yMax: 1,
    categories,
    groups: shown.map((r) => ({ name: label(r), colour: runColour(r, registry), values: categories.map((c) => r.metrics.categories.find((x) => x.name === c)?.f1 ?? null) })),
  });
  const aggregates = table(
    ['experiment', 'train → test', 'train', 'test', 'macro F1', 'not evaluable (left out of macro F1)', 'micro F1', 'weighted F1', 'samples F1', 'subset acc.', 'Hamming loss'],
    runs.map((r) => [
      r.experiment,
      esc(`${r.train_source} → ${r.test_source}`),
      r.train_size < MIN_TRAINING_POSTS ? `${r.train_size} <strong>(fewer than ${MIN_TRAINING_POSTS}: means little)</strong>` : r.train_size,
      r.test_size,
      num(r.metrics.macro_f1),
      r.metrics.not_evaluable.length ? `${r.metrics.not_evaluable.length}: ${esc(r.metrics.not_evaluable.join(', '))}` : '–',
      num(r.metrics.micro_f1),
      num(r.metrics.weighted_f1),
      num(r.metrics.samples_f1),
      num(r.metrics.subset_accuracy),
      num(r.metrics.hamming_loss),
    ]),
  );
  // Every F1 with its support (test examples); † marks fewer than MIN_CATEGORY_POSITIVES training examples.
  const f1Cell = (c: ExperimentResult['runs'][number]['metrics']['categories'][number] | undefined) =>
    !c ? '–' : c.f1 === null ? `not evaluable (support 0)` : `${num(c.f1)} (${c.support})${c.few_examples ? ' †' : ''}`;
  const perCategory = table(
    ['category', ...shown.map((r) => esc(label(r)))],
    categories.map((name) => [esc(name), ...shown.map((r) => f1Cell(r.metrics.categories.find((x) => x.name === name)))]),
  );
  const heads = runs.filter((r) => r.head_run === r.run && r.fit);
  const fits = heads.length
    ? `<h3>Chosen C and thresholds</h3>${table(
        ['trained on', ...categories.map(esc)],
        heads.map((r) => [esc(r.train_source), ...categories.map((_, j) => `C ${r.fit!.c[j]}, t ${num(r.fit!.thresholds[j] ?? null, 2)}`)]),
      )}<p class="muted">C chosen per category by ${heads[0]!.fit!.folds}-fold cross-validation on the training posts only (grid ${heads[0]!.fit!.grid.join(', ')}); thresholds t tuned on the same out-of-fold predictions; each head then refitted on all its training posts.</p>`
    : '';
  const retention = e.retention.length
    ? table(['variants of', 'category', 'source posts', 'retained', 'share', 'classifier on sources'], e.retention.map((r) => [esc(r.source), esc(r.category), r.sources, r.retained, pct(r.share), pct(r.source_share)]))
    : '<p class="muted">No label retention (no variants of held-out posts).</p>';
  const o = e.options;
  const settings =
    o.solver === 'lbfgs'
      ? `class weights ${esc(String(o.positiveWeight))}, thresholds ${o.thresholds === 'tuned' ? 'tuned out of fold' : `fixed at ${o.threshold}`}`
      : `${o.epochs} epochs, batch size ${o.batchSize}, weight decay ${o.weightDecay}, learning rate ${o.lr ?? `default for ${e.head}`}`;
  return `<h2 id="classifier">Classifier: original against synthetic</h2>
<p class="muted">Experiment ${e.experiment}: <strong>${esc(e.method || `${e.head} head on ${e.encoder}`)}</strong>; ${e.encoder.startsWith('tfidf') ? `TF-IDF ${esc(termSelectionNote(o.termSelection ?? 'none'))}, ` : ''}${settings}, seed ${e.split.seed}; split ${e.split.train_posts}/${e.split.test_posts} posts (variants follow their source).</p>
${now ? setNote(e.variant_set, now) : ''}
${chart}<p class="muted">A category with no test example that a run never predicts has no F1 (not evaluable): it has no bar and is left out of that run's macro F1.</p>
<h3>Aggregates</h3>${aggregates}<h3>Per-category F1 (support)</h3>${perCategory}<p class="muted">In brackets: test examples of the category. † fewer than ${MIN_CATEGORY_POSITIVES} training examples: the F1 means little.</p>${fits}<h3>Label retention</h3>${retention}
${e.skipped.length ? `<p class="muted">Skipped: ${e.skipped.map((s) => esc(`${s.experiment} ${s.train_source} → ${s.test_source}: ${s.reason}`)).join('; ')}</p>` : ''}`;
}

/** The audit's categories beside the dataset's, with how each kind of detail is compared. */
function piiRelationTable(datasetCategories: readonly string[]): string {
  const { relations, unmatched } = piiCategoryRelations(datasetCategories);
  return `<h3>What the audit's categories count</h3>
<p class="muted">The audit finds specific values in each original by their shape (an address, a number, a date) and does not read the dataset's labels. Each of its categories below stands for the dataset category shown, where the dataset has one like it.</p>
${table(['audit category', 'dataset category', 'kinds of detail', 'counted as carried over when the variant has'], relations.map((r) => [esc(r.category), r.datasetCategory ? esc(r.datasetCategory) : '–', esc(r.kinds.join(', ')), esc(r.kinds.map((k) => `${k}: ${PII_KIND_MATCHING[k]}`).join('; '))]))}
${unmatched.length ? `<p class="muted">Dataset categories without a shape of value (${esc(unmatched.join(', '))}) are not counted here; the linkage attack and the verbatim runs measure them.</p>` : ''}`;
}

function auditSection(a: AuditResult, colourOf: ColourOf, now: VariantSetCounts, datasetCategories: readonly string[] = []): string {
  const top1 = seriesColourAt(0);
  const top5 = seriesColourAt(1);
  // The axis fitted to the rates (often 1–3%), not to 0–1, where they would lie flat.
  const linkage = groupedBarChart({
    title: 'Linkage attack',
    yLabel: 'share of variants (%)',
    yFormat: (v) => `${Number((v * 100).toPrecision(6))}%`,
    categories: a.models.map((m) => m.model),
    groups: [
      { name: 'source ranked first', colour: top1, values: a.models.map((m) => m.linkage_top1) },
      { name: 'chance of ranking first', colour: top1, faint: true, values: a.models.map((m) => m.chance_top1) },
      { name: 'source in top 5', colour: top5, values: a.models.map((m) => m.linkage_top5) },
      { name: 'chance of top 5', colour: top5, faint: true, values: a.models.map((m) => m.chance_top5) },
    ],
  });
  const bins = a.models[0]?.closest_histogram.length ?? 0;
  const [first, last] = occupiedBins(a.models.map((m) => m.closest_histogram));
  const shown = bins ? Array.from({ length: last - first + 1 }, (_, k) => first + k) : [];
  const histogram = groupedBarChart({
    title: 'Similarity to the closest original',
    yLabel: 'variants (count)',
    xLabel: 'cosine similarity to the closest original (bin’s lower edge)',
    categories: shown.map((i) => (i / bins).toFixed(2)),
    groups: a.models.map((m) => ({ name: m.model, colour: colourOf(m.model), values: shown.map((i) => m.closest_histogram[i] ?? 0) })),
  });
  const reading = `<p class="muted">How to read the linkage chart: each variant's ${a.originals} originals are ranked by similarity to it; chance of ranking its source first is 1/${a.originals} = ${pct(1 / a.originals)} (pale bars). Each rate is tested against chance with a one-sided exact binomial test; a rate at least 2× chance with p &lt; 0.05 means variants point back to their sources.</p>
<ul>${a.models.map((m) => `<li>${esc(m.model)}: source first for ${pct(m.linkage_top1)} of ${m.variants} variants, ${(m.linkage_top1 / m.chance_top1).toFixed(1)}× chance (${pText(m.linkage_top1_p)}); in the top 5 for ${pct(m.linkage_top5)} against ${pct(m.chance_top5)} (${pText(m.linkage_top5_p)}).</li>`).join('')}</ul>`;
  const cats = Object.keys(a.models[0]?.pii_carryover ?? {});
  return `<h2 id="privacy">Privacy audit</h2>
<p class="muted">Audit ${a.audit}: ${a.originals} originals, embedder <code>${esc(a.embedder)}</code>, verbatim run ≥ ${a.params.min_run} words.</p>
${setNote(a.variant_set, now)}
${table(['model', 'variants', 'linked first', 'chance', 'in top 5', 'chance', 'mean rank of source', 'closest is source', 'verbatim'], a.models.map((m) => [esc(m.model), m.variants, pct(m.linkage_top1), pct(m.chance_top1), pct(m.linkage_top5), pct(m.chance_top5), num(m.mean_source_rank, 1), pct(m.closest_is_source), pct(m.verbatim_share)]))}
${linkage}${reading}${histogram}
<p class="muted">How to read the histogram: each bar counts the variants whose most similar original is that similar, whichever original it is; bars far right are near-copies. Only the occupied range of similarities is drawn.</p>
<h3>PII carried over verbatim (values carried / values found in sources)</h3>
${table(['model', ...cats], a.models.map((m) => [esc(m.model), ...cats.map((c) => `${(m.pii_carryover as Record<string, number>)[c] ?? 0} / ${(m.pii_values as Record<string, number>)[c] ?? 0}`)]))}
${a.models.some((m) => m.pii_examples.length) ? table(['model', 'category', 'value', 'source', 'variant'], a.models.flatMap((m) => m.pii_examples.slice(0, 5).map((x) => [esc(m.model), esc(x.category), `<code>${esc(x.value)}</code>`, esc(x.source_id), x.variant_id]))) : ''}
${piiRelationTable(datasetCategories)}`;
}

/**
 * The report's HTML. `choice` picks the sweep, experiment and audit (each must belong to the
 * dataset); by default the newest finished sweep, the newest experiment and the newest audit.
 *
 * @throws ReportError when the dataset or a chosen run does not exist, or belongs to another dataset
 */
export function buildReport(store: Store, datasetName: string, choice: ReportChoice = {}): string {
  const dataset = datasetSummaries(store).find((d) => d.name === datasetName);
  if (!dataset) throw new ReportError(`no dataset named "${datasetName}"`);
  const ids = (sql: string) => store.db.prepare(sql).pluck().all(dataset.id) as number[];
  const owned = (table: 'sweeps' | 'experiments', id: number, what: string) => {
    const row = store.db.prepare(`SELECT dataset_id FROM ${table} WHERE id = ?`).pluck().get(id) as number | undefined;
    if (row === undefined) throw new ReportError(`no ${what} ${id}`);
    if (row !== dataset.id) throw new ReportError(`${what} ${id} is not of dataset "${datasetName}"`);
    return [id];
  };
  const sweeps = choice.sweep !== undefined ? owned('sweeps', choice.sweep, 'sweep') : ids(`SELECT id FROM sweeps WHERE dataset_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1`);
  const jobs = store.jobs.list().filter((j) => j.kind === 'generate' && j.dataset_id === dataset.id).reverse();
  const models = store.db
    .prepare(`SELECT DISTINCT m.* FROM models m JOIN variants v ON v.model_id = m.id JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ? ORDER BY m.name`)
    .all(dataset.id) as { name: string; family: string; backend: string; file_sha256: string | null; gguf_path: string | null; endpoint_url: string | null; endpoint_model: string | null; metadata_json: string }[];
  const prompts = store.db
    .prepare(`SELECT DISTINCT t.id, t.name, t.version, t.body FROM prompt_templates t JOIN variants v ON v.prompt_template_id = t.id JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ? ORDER BY t.version`)
    .all(dataset.id) as { id: number; name: string; version: number; body: string }[];
  // A chosen run when one is asked for; else the synthetic set's own results first, and another set's
  // only when none was run on it (the section says which set it used).
  const synthetic = loadVariantSet(store, datasetName).counts;
  const onSet = latestOnSyntheticSet(store, datasetName);
  const experimentIds = choice.experiment !== undefined ? owned('experiments', choice.experiment, 'experiment') : ids('SELECT id FROM experiments WHERE dataset_id = ? ORDER BY id DESC LIMIT 1');
  const experiment =
    choice.experiment !== undefined ? loadExperiment(store, experimentIds[0]!) : (onSet.experiment ?? (experimentIds.length ? loadExperiment(store, experimentIds[0]!) : null));
  const audits = listAudits(store, datasetName);
  if (choice.audit !== undefined && !audits.some((x) => x.audit === choice.audit)) throw new ReportError(`no audit ${choice.audit} of dataset "${datasetName}"`);
  const auditId = choice.audit ?? onSet.audit?.audit ?? audits[0]?.audit;
  const audit = auditId !== undefined ? getAudit(store, auditId)! : null;
  const disagreements = reviewDisagreements(store, datasetName);
  const annotators = store.db
    .prepare(`SELECT DISTINCT r.annotator FROM reviews r JOIN variants v ON v.id = r.variant_id JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ? ORDER BY r.annotator`)
    .pluck()
    .all(dataset.id) as string[];

  const generation = jobs.length
    ? table(
        ['job', 'state', 'models and temperatures', 'seed', 'accepted', 'rejected', 'mean similarity'],
        jobs.map((j) => {
          const p = generationParams(j);
          const c = store.variants.countsByJob(j.id);
          const sim = store.db.prepare(`SELECT avg(similarity) FROM variants WHERE job_id = ? AND status = 'ok'`).pluck().get(j.id) as number | null;
          return [j.id, j.state, esc(p.models.map((m) => `${m.name} @ ${m.temperature}`).join(', ')), p.seed, c.ok, c.failed, num(sim)];
        }),
      )
    : '<p class="muted">No generation jobs yet.</p>';
  const review = annotators.length
    ? table(['annotator', 'reviewed', 'of', 'accept', 'reject', 'edit', 'relabel'], annotators.map((a) => {
        const p = reviewProgress(store, datasetName, a);
        return [esc(a), p.reviewed, p.variants, p.byDecision.accept ?? 0, p.byDecision.reject ?? 0, p.byDecision.edit ?? 0, p.byDecision.relabel ?? 0];
      })) +
      (reviewAgreement(store, datasetName).length
        ? table(['annotators', 'shared variants', 'agreement', "Cohen's κ"], reviewAgreement(store, datasetName).map((g) => [esc(g.annotators.join(' & ')), g.items, pct(g.agreement), g.kappa === null && g.items > 0 ? 'undefined (no variation in the decisions)' : num(g.kappa)]))
        : '')
    : '<p class="muted">No reviews yet.</p>';
  const reproduce = table(
    ['model', 'family', 'backend', 'file or endpoint', 'SHA-256'],
    models.map((m) => [esc(m.name), esc(m.family), esc(m.backend), `<code>${esc(m.gguf_path ?? `${m.endpoint_url} (${m.endpoint_model})`)}</code>`, `<code>${esc(m.file_sha256 ?? '–')}</code>`]),
  );
  const colourOfSweep = (id: number) => colourLookup(store, sweepResult(store, id).models.map((m) => m.model));
  const auditSectionOf = (a: AuditResult) =>
    auditSection(a, colourLookup(store, a.models.map((m) => m.model)), synthetic, dataset.categories.map((c) => c.name));
  const sections = [
    sweeps.length ? sweepSection({ ...sweepResult(store, sweeps[0]!), outcomes: store.variants.outcomeTable({ sweepId: sweeps[0]! }) }, colourOfSweep(sweeps[0]!)) : '<h2 id="sweep">Temperature sweep</h2><p class="muted">No finished sweep yet.</p>',
    `<h2 id="generation">Generation (1:3)</h2>${generation}${jobs
      .map((j) => `<h3>Job ${j.id}: reply gate outcomes (every attempt)</h3>${outcomeTable(store.variants.outcomeTable({ jobId: j.id }))}`)
      .join('')}`,
    `<h2 id="review">Review</h2>${review}${annotators.length > 1 ? `<p class="muted">${disagreements.disagreements.length} of ${disagreements.shared} variants decided by two or more annotators have differing latest decisions.</p>` : ''}`,
    `<h2 id="synthetic-set">The synthetic set</h2>
<p class="muted">Variants of generation jobs (not sweep samples) that passed the reply gate and that review does not keep out; edits replace the model's text and relabels the labels. Experiments, the audit, exports and the release use this set unless told otherwise.</p>
${table(['variants', 'count'], countLines(synthetic).map(([k, n]) => [esc(k), n]))}`,
    experiment ? experimentSection(experiment, synthetic, store.models.list().map((m) => m.name)) : '<h2 id="classifier">Classifier</h2><p class="muted">No experiment yet.</p>',
    audit ? auditSectionOf(audit) : '<h2 id="privacy">Privacy audit</h2><p class="muted">No audit yet.</p>',
  ];
  const tiny = models.some((m) => m.name.startsWith('tiny-'));
  const standIn = models.some((m) => m.endpoint_model?.includes('not an LLM'));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>SynthLab report: ${esc(dataset.name)}</title><style>${STYLE}</style></head><body>
<h1>SynthLab report: ${esc(dataset.name)}</h1>
<p class="muted">${dataset.posts} posts, ${dataset.categories.length} PII categories · generated ${esc(new Date().toISOString())}</p>
${standIn ? '<p class="note">Some variants come from the demo\'s <b>rule-based stand-in rephraser, not an LLM</b>: it swaps synonyms and personal values by rule so that every page has readable content. It shows the workflow, not how real models behave.</p>' : ''}
${tiny ? '<p class="note">Some results come from the tiny random-weight test models, which produce word salad (the reply gate rejects it): they show the workflow, not real findings.</p>' : ''}
<h2 id="dataset">Dataset</h2>${table(['category', 'posts'], dataset.categories.map((c) => [esc(c.name), c.posts]))}
${sections.join('\n')}
<h2 id="reproduce">Reproducing these results</h2>${reproduce}
${prompts.map((p) => `<h3>Prompt template "${esc(p.name)}" version ${p.version}</h3><pre>${esc(p.body)}</pre>`).join('')}
</body></html>`;
}

export async function writeReport(store: Store, dataset: string, file: string, choice: ReportChoice = {}): Promise<{ file: string; bytes: number }> {
  const html = buildReport(store, dataset, choice);
  await writeFileAtomic(file, [html]);
  return { file, bytes: Buffer.byteLength(html) };
}

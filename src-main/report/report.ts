/**
 * One self-contained HTML report of a dataset's work: sweep, generation, review, classifier
 * and privacy results, with what is needed to reproduce them (models and their SHA-256, the
 * prompt versions, seeds). Inline SVG and CSS, no script, nothing fetched.
 */
import type { AuditResult } from '../contract/audit-schemas.js';
import { MIN_CATEGORY_POSITIVES, MIN_TRAINING_POSTS, termSelectionNote, type ExperimentResult } from '../contract/classify-schemas.js';
import type { SweepResult } from '../contract/schemas.js';
import { loadExperiment } from '../classify/experiments.js';
import { datasetSummaries } from '../datasets/summary.js';
import { generationParams } from '../generate/generation-job.js';
import { getAudit, listAudits } from '../privacy/audit.js';
import { reviewAgreement, reviewProgress } from '../review/reviews.js';
import type { Store } from '../store/store.js';
import { sweepResult } from '../sweep/sweep-job.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { esc, groupedBarChart, lineChart } from './svg-charts.js';

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

function sweepSection(s: SweepResult): string {
  const chart = lineChart({
    title: 'Mean cosine similarity to the originals by temperature',
    xLabel: 'temperature',
    yLabel: 'mean cosine similarity',
    series: s.models.map((m) => ({ name: m.model, marker: m.chosen, points: m.points.map((p) => ({ x: p.temperature, y: p.mean, lo: p.ci95?.[0] ?? null, hi: p.ci95?.[1] ?? null })) })),
  });
  const rows = s.models.flatMap((m) => m.points.map((p) => [esc(m.model), `${p.temperature.toFixed(2)}${m.chosen === p.temperature ? ' ★' : ''}`, num(p.mean), num(p.std), p.ci95 ? `${num(p.ci95[0])} – ${num(p.ci95[1])}` : '–', p.n, p.failed]));
  return `<h2 id="sweep">Temperature sweep</h2>
<p class="muted">Sweep ${s.sweep}: ${s.sample} sampled originals, embedder <code>${esc(s.embedder)}</code>. ★ marks each model's chosen temperature (lowest mean similarity); bands are 95% confidence intervals.</p>
${chart}${table(['model', 'temperature', 'mean', 'std', '95% CI', 'n', 'failed'], rows)}`;
}

/** The classifier section of the report, from a stored experiment. Pure. */
export function experimentSection(e: ExperimentResult): string {
  const runs = e.runs;
  const label = (r: (typeof runs)[number]) => ({ a: 'original', b: r.train_source.replace('synthetic:', ''), c: 'all synthetic', d: `TSTR ${r.train_source.replace('synthetic:', '')}`, e: `original → ${r.test_source.replace('synthetic:', '')}` })[r.experiment];
  const shown = runs.filter((r) => r.experiment !== 'e');
  const categories = runs[0]?.metrics.categories.map((c) => c.name) ?? [];
  const chart = groupedBarChart({
    title: 'Per-category F1',
    yLabel: 'F1',
    yMax: 1,
    categories,
    groups: shown.map((r) => ({ name: label(r), values: categories.map((c) => r.metrics.categories.find((x) => x.name === c)?.f1 ?? null) })),
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
${chart}<p class="muted">A category with no test example that a run never predicts has no F1 (not evaluable): it has no bar and is left out of that run's macro F1.</p>
<h3>Aggregates</h3>${aggregates}<h3>Per-category F1 (support)</h3>${perCategory}<p class="muted">In brackets: test examples of the category. † fewer than ${MIN_CATEGORY_POSITIVES} training examples: the F1 means little.</p>${fits}<h3>Label retention</h3>${retention}
${e.skipped.length ? `<p class="muted">Skipped: ${e.skipped.map((s) => esc(`${s.experiment} ${s.train_source} → ${s.test_source}: ${s.reason}`)).join('; ')}</p>` : ''}`;
}

function auditSection(a: AuditResult): string {
  const linkage = groupedBarChart({
    title: 'Linkage attack',
    yLabel: 'share of variants',
    yMax: 1,
    categories: a.models.map((m) => m.model),
    groups: [
      { name: 'source ranked first', values: a.models.map((m) => m.linkage_top1) },
      { name: 'in top 5', values: a.models.map((m) => m.linkage_top5) },
      { name: 'chance, top 5', values: a.models.map((m) => m.chance_top5) },
    ],
  });
  const bins = a.models[0]?.closest_histogram.length ?? 0;
  const histogram = groupedBarChart({
    title: 'Similarity to the closest original',
    yLabel: 'variants',
    xLabel: 'cosine similarity to the closest original',
    categories: Array.from({ length: bins }, (_, i) => (i / bins).toFixed(2)),
    groups: a.models.map((m) => ({ name: m.model, values: m.closest_histogram })),
  });
  const cats = Object.keys(a.models[0]?.pii_carryover ?? {});
  return `<h2 id="privacy">Privacy audit</h2>
<p class="muted">Audit ${a.audit}: ${a.originals} originals, embedder <code>${esc(a.embedder)}</code>, verbatim run ≥ ${a.params.min_run} words.</p>
${table(['model', 'variants', 'linked first', 'chance', 'in top 5', 'chance', 'mean rank of source', 'closest is source', 'verbatim'], a.models.map((m) => [esc(m.model), m.variants, pct(m.linkage_top1), pct(m.chance_top1), pct(m.linkage_top5), pct(m.chance_top5), num(m.mean_source_rank, 1), pct(m.closest_is_source), pct(m.verbatim_share)]))}
${linkage}${histogram}
<h3>PII carried over verbatim (values carried / values found in sources)</h3>
${table(['model', ...cats], a.models.map((m) => [esc(m.model), ...cats.map((c) => `${(m.pii_carryover as Record<string, number>)[c] ?? 0} / ${(m.pii_values as Record<string, number>)[c] ?? 0}`)]))}
${a.models.some((m) => m.pii_examples.length) ? table(['model', 'category', 'value', 'source', 'variant'], a.models.flatMap((m) => m.pii_examples.slice(0, 5).map((x) => [esc(m.model), esc(x.category), `<code>${esc(x.value)}</code>`, esc(x.source_id), x.variant_id]))) : ''}`;
}

export function buildReport(store: Store, datasetName: string): string {
  const dataset = datasetSummaries(store).find((d) => d.name === datasetName);
  if (!dataset) throw new ReportError(`no dataset named "${datasetName}"`);
  const ids = (sql: string) => store.db.prepare(sql).pluck().all(dataset.id) as number[];
  const sweeps = ids(`SELECT id FROM sweeps WHERE dataset_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1`);
  const jobs = store.jobs.list().filter((j) => j.kind === 'generate' && j.dataset_id === dataset.id).reverse();
  const models = store.db
    .prepare(`SELECT DISTINCT m.* FROM models m JOIN variants v ON v.model_id = m.id JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ? ORDER BY m.name`)
    .all(dataset.id) as { name: string; family: string; backend: string; file_sha256: string | null; gguf_path: string | null; endpoint_url: string | null; endpoint_model: string | null; metadata_json: string }[];
  const prompts = store.db
    .prepare(`SELECT DISTINCT t.id, t.name, t.version, t.body FROM prompt_templates t JOIN variants v ON v.prompt_template_id = t.id JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ? ORDER BY t.version`)
    .all(dataset.id) as { id: number; name: string; version: number; body: string }[];
  const experiments = ids('SELECT id FROM experiments WHERE dataset_id = ? ORDER BY id DESC LIMIT 1');
  const audit = listAudits(store, datasetName)[0];
  const annotators = store.db
    .prepare(`SELECT DISTINCT r.annotator FROM reviews r JOIN variants v ON v.id = r.variant_id JOIN posts p ON p.id = v.post_id WHERE p.dataset_id = ? ORDER BY r.annotator`)
    .pluck()
    .all(dataset.id) as string[];

  const generation = jobs.length
    ? table(
        ['job', 'state', 'models and temperatures', 'seed', 'ok', 'failed', 'mean similarity'],
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
  const sections = [
    sweeps.length ? sweepSection(sweepResult(store, sweeps[0]!)) : '<h2 id="sweep">Temperature sweep</h2><p class="muted">No finished sweep yet.</p>',
    `<h2 id="generation">Generation (1:3)</h2>${generation}`,
    `<h2 id="review">Review</h2>${review}`,
    experiments.length ? experimentSection(loadExperiment(store, experiments[0]!)) : '<h2 id="classifier">Classifier</h2><p class="muted">No experiment yet.</p>',
    audit ? auditSection(getAudit(store, audit.audit)!) : '<h2 id="privacy">Privacy audit</h2><p class="muted">No audit yet.</p>',
  ];
  const tiny = models.some((m) => m.name.startsWith('tiny-'));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>SynthLab report: ${esc(dataset.name)}</title><style>${STYLE}</style></head><body>
<h1>SynthLab report: ${esc(dataset.name)}</h1>
<p class="muted">${dataset.posts} posts, ${dataset.categories.length} PII categories · generated ${esc(new Date().toISOString())}</p>
${tiny ? '<p class="note">Some results come from the tiny random-weight test models, which produce gibberish: they show the workflow, not real findings.</p>' : ''}
<h2 id="dataset">Dataset</h2>${table(['category', 'posts'], dataset.categories.map((c) => [esc(c.name), c.posts]))}
${sections.join('\n')}
<h2 id="reproduce">Reproducing these results</h2>${reproduce}
${prompts.map((p) => `<h3>Prompt template "${esc(p.name)}" version ${p.version}</h3><pre>${esc(p.body)}</pre>`).join('')}
</body></html>`;
}

export async function writeReport(store: Store, dataset: string, file: string): Promise<{ file: string; bytes: number }> {
  const html = buildReport(store, dataset);
  await writeFileAtomic(file, [html]);
  return { file, bytes: Buffer.byteLength(html) };
}

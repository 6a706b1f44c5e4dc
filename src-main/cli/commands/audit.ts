import path from 'node:path';
import { Command, Option } from 'commander';
import {
  PII_CATEGORIES,
  type AuditExportFormat,
  type AuditGroupSummary,
  type AuditResult,
} from '../../contract/audit-schemas.js';
import { describeSet } from '../../contract/variant-set-schemas.js';
import type { AuditExportResult } from '../../privacy/audit-export.js';
import { EmbedderError, parseEmbedderSpec } from '../../similarity/embedder.js';
import { makeOutput, table, UsageError, withStore } from '../context.js';

/**
 * The audit engine loads compromise's lexicon (a few hundred milliseconds), so it is imported
 * when an audit command runs rather than on every start of the CLI.
 */
async function auditEngine() {
  const [audit, exporter] = await Promise.all([
    import('../../privacy/audit.js'),
    import('../../privacy/audit-export.js'),
  ]);
  return { ...audit, ...exporter };
}

function positiveInt(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: "${v}" is not a positive whole number`);
    return n;
  };
}

function wholeNumber(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag}: "${v}" is not a whole number`);
    return n;
  };
}

function checkEmbedder(value: string): string {
  try {
    parseEmbedderSpec(value);
  } catch (err) {
    if (err instanceof EmbedderError) throw new UsageError(`--embedder: ${err.message}`);
    throw err;
  }
  return value;
}

/** --format wins; otherwise a .csv file gets the per-variant CSV and anything else the JSON report. */
function exportFormat(file: string, format: AuditExportFormat | undefined): AuditExportFormat {
  return format ?? (path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'json');
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

function piiCell(g: AuditGroupSummary): string {
  const carried = PII_CATEGORIES.reduce((n, c) => n + g.pii_carryover[c], 0);
  const found = PII_CATEGORIES.reduce((n, c) => n + g.pii_values[c], 0);
  return `${carried}/${found}`;
}

function groupCells(g: AuditGroupSummary): (string | number)[] {
  return [
    g.variants,
    percent(g.linkage_top1),
    percent(g.linkage_top5),
    g.mean_source_rank.toFixed(1),
    percent(g.closest_is_source),
    g.mean_closest_similarity.toFixed(3),
    percent(g.verbatim_share),
    piiCell(g),
  ];
}

const HEADER = [
  'model',
  'variants',
  'top-1',
  'top-5',
  'mean rank',
  'closest=src',
  'closest sim',
  'verbatim',
  'PII carried',
];

function humanReport(r: AuditResult, exported?: AuditExportResult): string {
  const rows: (string | number)[][] = [];
  for (const m of r.models) {
    rows.push([m.model, ...groupCells(m)]);
    for (const t of m.temperatures) rows.push([`  sweep at ${t.temperature}`, ...groupCells(t)]);
  }
  if (r.models.length > 1) rows.push(['all models', ...groupCells(r.overall)]);
  const carried = PII_CATEGORIES.filter((c) => r.overall.pii_values[c] > 0).map(
    (c) => `${c} ${r.overall.pii_carryover[c]}/${r.overall.pii_values[c]}`,
  );
  const examples = r.models.flatMap((m) =>
    m.pii_examples
      .slice(0, 3)
      .map((e) => `  ${m.model}: ${e.category} "${e.value}" (post ${e.source_id} → variant ${e.variant_id})`),
  );
  return [
    `Audit ${r.audit} of "${r.dataset}": ${r.overall.variants} variants ranked against ${r.originals} originals with ${r.embedder_description} (${r.seconds.toFixed(1)} s).`,
    `Variants: ${r.variant_set ? `${describeSet(r.variant_set)} (${r.variant_set.gate_rejected} rejected by the gate, ${r.variant_set.review_rejected} rejected in review, ${r.variant_set.edited} edited, ${r.variant_set.relabelled} relabelled)` : 'set not recorded (an older audit)'}.`,
    `Chance: top-1 ${percent(r.overall.chance_top1)}, top-5 ${percent(r.overall.chance_top5)}, mean rank ${((r.originals + 1) / 2).toFixed(1)}. Verbatim: a shared run of ${r.params.min_run}+ words.`,
    '',
    table(rows, HEADER),
    '',
    `PII values carried over / found in the sources: ${carried.length ? carried.join(', ') : 'none found'}`,
    ...(examples.length ? ['Examples:', ...examples] : []),
    ...(exported ? [`Wrote ${exported.rows} audited variants (${exported.format}) to ${exported.file}`] : []),
  ].join('\n');
}

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description(
      "privacy audit of a dataset's variants: linkage to sources, closest record, verbatim runs, PII carry-over",
    )
    .requiredOption('--dataset <name>', 'dataset whose variants are audited')
    .option('--embedder <spec>', 'tfidf, onnx:DIR or gguf:FILE', checkEmbedder, 'tfidf')
    .option('--min-run <n>', 'shared run of words that counts as verbatim', positiveInt('--min-run'), 8)
    .option('--bins <n>', 'bins of the closest-record histogram', positiveInt('--bins'), 20)
    .option('--examples <n>', 'PII carry-over examples kept per model and category', wholeNumber('--examples'), 5)
    .option('--threads <n>', 'CPU threads for onnx and gguf embedders', positiveInt('--threads'))
    .addOption(
      new Option(
        '--variant-set <set>',
        'synthetic: what review let through (default); all-generated: every variant that passed the gate; sweep: one sweep\'s samples, per temperature',
      )
        .choices(['synthetic', 'all-generated', 'sweep'])
        .default('synthetic'),
    )
    .option('--sweep <id>', 'with --variant-set sweep: which sweep (default: the latest)', positiveInt('--sweep'))
    .option('--region <code>', "country of national phone numbers and numeric dates, e.g. FR (default: the dataset's)")
    .option('--out <file>', 'also export the audit: per-variant CSV for .csv, else the JSON report')
    .addOption(
      new Option('--format <format>', 'export format (default: from the --out extension)').choices(['json', 'csv']),
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts, cmd: Command) => {
      if (opts.format && !opts.out) throw new UsageError('--format needs --out');
      if (opts.sweep && opts.variantSet !== 'sweep') throw new UsageError('--sweep goes with --variant-set sweep');
      const out = makeOutput(Boolean(opts.json));
      const { runAudit, exportAudit } = await auditEngine();
      const { result, exported } = await withStore(cmd, async (store) => {
        const result = await runAudit(
          store,
          {
            dataset: opts.dataset,
            embedder: opts.embedder,
            minRun: opts.minRun,
            histogramBins: opts.bins,
            maxExamples: opts.examples,
            variantSet: opts.variantSet,
            ...(opts.sweep ? { sweep: opts.sweep } : {}),
            ...(opts.threads ? { threads: opts.threads } : {}),
            ...(opts.region ? { region: opts.region } : {}),
          },
          (p) => out.progress(`audit: ${p.phase} ${p.done}/${p.total}`),
        );
        const exported = opts.out
          ? await exportAudit(store, result.audit, exportFormat(opts.out, opts.format), opts.out)
          : undefined;
        return { result, exported };
      });
      out.done();
      out.result(result, () => humanReport(result, exported));
    });

  const audits = program.command('audits').description('list, show and export stored privacy audits');
  audits
    .command('list', { isDefault: true })
    .description('list stored audits, newest first')
    .option('--dataset <name>', "only this dataset's audits")
    .option('--json', 'print as JSON')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const { listAudits } = await auditEngine();
      const list = await withStore(cmd, (store) => listAudits(store, opts.dataset));
      out.result(list, () =>
        list.length
          ? table(
              list.map((a) => [
                a.audit,
                a.dataset,
                a.variant_set ? (a.variant_set.set === 'sweep' ? `sweep ${a.variant_set.sweep}` : a.variant_set.set) : '–',
                a.variants,
                a.models.join(', '),
                a.embedder,
                a.created_at,
              ]),
              ['audit', 'dataset', 'set', 'variants', 'models', 'embedder', 'created'],
            )
          : 'No audits yet. Run one: synthlab audit --dataset NAME',
      );
    });
  audits
    .command('show')
    .description('show a stored audit')
    .argument('<audit>', 'audit id', positiveInt('audit'))
    .option('--json', 'print as JSON')
    .action(async (id: number, opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const { getAudit } = await auditEngine();
      const result = await withStore(cmd, (store) => getAudit(store, id));
      if (!result) throw new UsageError(`no audit ${id}`);
      out.result(result, () => humanReport(result));
    });
  audits
    .command('export')
    .description('export a stored audit: the JSON report, or one CSV line per audited variant')
    .argument('<audit>', 'audit id', positiveInt('audit'))
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .addOption(
      new Option('--format <format>', 'json or csv (default: from the --out extension, else json)').choices([
        'json',
        'csv',
      ]),
    )
    .action(async (id: number, opts, cmd: Command) => {
      const { getAudit, exportAudit } = await auditEngine();
      await withStore(cmd, async (store) => {
        if (!getAudit(store, id)) throw new UsageError(`no audit ${id}`);
        const format = opts.out ? exportFormat(opts.out, opts.format) : (opts.format ?? 'json');
        const result = await exportAudit(store, id, format, opts.out ?? process.stdout);
        if (opts.out)
          process.stdout.write(`Wrote ${result.rows} audited variants (${result.format}) to ${result.file}\n`);
      });
    });
}

import fs from 'node:fs';
import { Command, Option } from 'commander';
import {
  CategoryDeclSchema,
  CsvDelimiterSchema,
  ImportFormatSchema,
  ImportPresetSchema,
  type CategoryDecl,
  type CsvDelimiter,
} from '../../contract/schemas.js';
import { exportDataset } from '../../datasets/exporter.js';
import { importFile } from '../../datasets/importer.js';
import { datasetSummaries, storeInfo } from '../../datasets/summary.js';
import { describeSet } from '../../contract/variant-set-schemas.js';
import { makeOutput, parseList, table, UsageError, withStore } from '../context.js';

/** `--categories` takes a JSON file ([{"name", "description"}] or ["name"]) or a comma list. */
export function parseCategoriesOption(value: string): CategoryDecl[] {
  if (value.toLowerCase().endsWith('.json')) {
    let raw: unknown;
    if (!fs.existsSync(value)) throw new UsageError(`--categories ${value}: file not found`);
    try {
      raw = JSON.parse(fs.readFileSync(value, 'utf8'));
    } catch (err) {
      throw new UsageError(`--categories ${value}: ${(err as Error).message}`);
    }
    const list = Array.isArray(raw) ? raw : (raw as { categories?: unknown })?.categories;
    const parsed = CategoryDeclSchema.array().safeParse(
      Array.isArray(list) ? list.map((c) => (typeof c === 'string' ? { name: c } : c)) : list,
    );
    if (!parsed.success) {
      throw new UsageError(`--categories ${value}: expected a list of {"name", "description"} or of names`);
    }
    return parsed.data;
  }
  const names = parseList(value);
  if (!names.length) throw new UsageError('--categories: no category names given');
  return names.map((name) => ({ name, description: '' }));
}

const DELIMITER_BY_CHAR: Readonly<Record<string, CsvDelimiter>> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '\\t': 'tab', '|': 'pipe' };

/** `--delimiter` takes a name (comma, semicolon, tab, pipe) or the character itself. */
export function parseDelimiter(value: string): CsvDelimiter {
  const byName = CsvDelimiterSchema.safeParse(value.toLowerCase());
  if (byName.success) return byName.data;
  const byChar = DELIMITER_BY_CHAR[value];
  if (byChar) return byChar;
  throw new UsageError(`--delimiter: "${value}" is not one of comma, semicolon, tab, pipe (or , ; | and a tab character)`);
}

export function registerDataCommands(program: Command): void {
  program
    .command('import')
    .description('import posts from a JSONL, CSV, JSON array (X archive tweets.js) or Parquet file into a dataset (all or nothing)')
    .argument('<file>', 'a .jsonl/.ndjson, .csv/.tsv, .json/.js or .parquet file')
    .requiredOption('--dataset <name>', 'dataset to import into (created if missing)')
    .addOption(new Option('--format <format>', 'input format (default: from the extension)').choices([...ImportFormatSchema.options]))
    .option('--id-column <name>', 'column or field with post ids (also --id-field)', 'id')
    .option('--text-column <name>', 'column or field with the post text (also --text-field)', 'text')
    .option('--labels-column <name>', 'column or field with the labels (also --labels-field)', 'labels')
    .addOption(new Option('--id-field <name>').hideHelp())
    .addOption(new Option('--text-field <name>').hideHelp())
    .addOption(new Option('--labels-field <name>').hideHelp())
    .option('--delimiter <d>', 'CSV delimiter: comma, semicolon, tab, pipe or the character itself (default: detected)', parseDelimiter)
    .option('--label-separator <s>', 'the one separator inside labels cells, e.g. "," (default: ";" or "|")')
    .addOption(new Option('--preset <name>', 'field mapping of a dump: Reddit/Pushshift or X/Twitter').choices([...ImportPresetSchema.options]))
    .option('--region <code>', "the dataset's region (ISO 3166-1, e.g. FR): national phone numbers and numeric dates")
    .option('--replace-invalid', 'store invalid UTF-8 and lone surrogates as U+FFFD instead of refusing the file')
    .option('--label-columns <names>', 'CSV: comma-separated 0/1 columns, one per category')
    .option('--categories <file|list>', 'declare the allowed categories (JSON file or comma list)')
    .option('--description <text>', 'description of a new dataset')
    .option('--max-line-bytes <n>', 'reject lines longer than this', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-line-bytes: "${v}" is not a positive integer`);
      return n;
    })
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const categories = opts.categories ? parseCategoriesOption(opts.categories) : undefined;
      const result = await withStore(cmd, (store) =>
        importFile(
          store,
          file,
          {
            dataset: opts.dataset,
            format: opts.format,
            idColumn: opts.idField ?? opts.idColumn,
            textColumn: opts.textField ?? opts.textColumn,
            labelsColumn: opts.labelsField ?? opts.labelsColumn,
            ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
            ...(opts.labelSeparator ? { labelSeparator: opts.labelSeparator } : {}),
            ...(opts.preset ? { preset: opts.preset } : {}),
            ...(opts.replaceInvalid ? { replaceInvalid: true } : {}),
            ...(opts.region ? { region: opts.region } : {}),
            ...(opts.labelColumns ? { labelColumns: parseList(opts.labelColumns) } : {}),
            ...(categories ? { categories } : {}),
            ...(opts.description ? { description: opts.description } : {}),
            ...(opts.maxLineBytes ? { maxLineBytes: opts.maxLineBytes } : {}),
          },
          (p) => out.progress(`importing: ${p.posts} posts read`),
        ),
      );
      out.done();
      const skipped = Object.entries(result.skipped).map(([why, n]) => `${n} ${why}`);
      out.result(
        result,
        () =>
          `Imported ${result.posts} posts into "${result.dataset}": ${result.new} new, ${result.updated} relabelled, ` +
          `${result.unchanged} already present (${result.seconds.toFixed(2)} s).\n` +
          (skipped.length ? `Skipped: ${skipped.join(', ')}.\n` : '') +
          (result.replacedInvalid ? `Replaced ${result.replacedInvalid} ill-formed sequences with U+FFFD.\n` : '') +
          `Categories (${result.categories.length}): ${result.categories.join(', ')}`,
      );
    });

  program
    .command('export')
    .description("export a dataset's posts, or its synthetic variants with provenance and reviews")
    .requiredOption('--dataset <name>', 'dataset to export')
    .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--variants', 'export synthetic variants (with provenance and reviews) instead of the original posts')
    .addOption(
      new Option(
        '--variant-set <set>',
        'with --variants: synthetic (what review let through, with edits and relabels; default) or all-generated (every variant that passed the gate)',
      ).choices(['synthetic', 'all-generated']),
    )
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option('--json', 'print a JSON summary (requires --out)')
    .action(async (opts, cmd: Command) => {
      if (opts.json && !opts.out) throw new UsageError('--json needs --out: without it the export itself goes to stdout');
      if (opts.variantSet && !opts.variants) throw new UsageError('--variant-set goes with --variants');
      const out = makeOutput(Boolean(opts.json));
      const result = await withStore(cmd, (store) =>
        exportDataset(
          store,
          {
            dataset: opts.dataset,
            format: opts.format,
            kind: opts.variants ? 'variants' : 'posts',
            ...(opts.variantSet ? { variantSet: opts.variantSet } : {}),
          },
          opts.out ?? process.stdout,
        ),
      );
      if (opts.out) {
        out.result(result, () =>
          result.variant_set
            ? `Wrote ${result.rows} variants of ${describeSet(result.variant_set)} to ${result.file}`
            : `Wrote ${result.rows} ${result.kind} to ${result.file}`,
        );
      }
    });

  program
    .command('datasets')
    .description('list datasets with post counts and per-category counts')
    .option('--json', 'print as JSON')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const list = await withStore(cmd, datasetSummaries);
      out.result(list, () => {
        if (!list.length) return 'No datasets yet. Import one: synthlab import FILE --dataset NAME';
        return list
          .map(
            (d) =>
              `${d.name}: ${d.posts} posts, ${d.categories.length} categories\n` +
              table(
                d.categories.map((c) => [c.name, c.posts]),
                ['category', 'posts'],
              ),
          )
          .join('\n\n');
      });
    });

  program
    .command('info')
    .description('show the database path, schema version and counts')
    .option('--json', 'print as JSON')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const info = await withStore(cmd, storeInfo);
      out.result(info, () =>
        [
          `database        ${info.database}`,
          `schema version  ${info.schemaVersion}`,
          `size            ${(info.sizeBytes / 1024).toFixed(0)} KiB`,
          ...Object.entries(info.counts).map(([k, v]) => `${k.padEnd(16)}${v}`),
        ].join('\n'),
      );
    });
}

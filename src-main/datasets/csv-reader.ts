import { Readable, pipeline } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { ImportError } from './errors.js';
import { readLines, type LineReaderOptions } from './line-reader.js';
import { parseFlagCell, splitLabelCell, type ReaderOptions, type SourceRecord } from './records.js';

interface CsvRow {
  record: string[];
  info: { lines: number };
}

interface ColumnPlan {
  id?: number;
  text: number;
  labels?: number;
  flags: { index: number; name: string }[];
}

function planColumns(file: string, header: string[], options: ReaderOptions): ColumnPlan {
  const index = (name: string) => header.indexOf(name);
  const listed = header.map((h) => `"${h}"`).join(', ');
  const text = index(options.textColumn);
  if (text === -1) {
    throw new ImportError(file, `no text column "${options.textColumn}" (columns: ${listed}); name it with --text-column`, 1);
  }
  const idIdx = index(options.idColumn);
  const id = idIdx === -1 ? undefined : idIdx;
  if (options.labelColumns?.length) {
    const flags = options.labelColumns.map((name) => {
      const i = index(name);
      if (i === -1) throw new ImportError(file, `no label column "${name}" (columns: ${listed})`, 1);
      return { index: i, name };
    });
    return { id, text, flags };
  }
  const labels = index(options.labelsColumn);
  if (labels !== -1) return { id, text, labels, flags: [] };
  const flags = header
    .map((name, i) => ({ index: i, name }))
    .filter((c) => c.index !== text && c.index !== id && c.name.trim() !== '');
  if (!flags.length) {
    throw new ImportError(
      file,
      `no labels: neither a "${options.labelsColumn}" column nor 0/1 category columns (columns: ${listed})`,
      1,
    );
  }
  return { id, text, flags };
}

function csvErrorReason(err: CsvError): string {
  // csv-parse messages end with "at line N"; the line is reported separately.
  return err.message.replace(/\s*(at|on) line \d+\.?$/i, '').replace(/^(\w[\w ]*):\s*/, (_m, kind: string) => `${kind.toLowerCase()}: `);
}

/**
 * Reads CSV with a header row: quoted multi-line fields, CRLF and a BOM are handled by
 * csv-parse; invalid UTF-8 and over-long lines are caught line by line before it.
 */
export async function* readCsv(
  file: string,
  options: ReaderOptions & LineReaderOptions,
): AsyncGenerator<SourceRecord> {
  async function* text(): AsyncGenerator<string> {
    let batch: string[] = [];
    for await (const line of readLines(file, options)) {
      batch.push(line.text);
      if (batch.length >= 512) {
        yield batch.join('\n') + '\n';
        batch = [];
      }
    }
    if (batch.length) yield batch.join('\n') + '\n';
  }
  // on_record runs synchronously as records complete, so it knows where the failing one began.
  let lastRecordEnd = 0;
  const parser = parse({
    info: true,
    skip_empty_lines: true,
    relax_column_count: false,
    on_record: (record: string[], context: { lines: number }) => {
      lastRecordEnd = context.lines;
      return record;
    },
  });
  pipeline(Readable.from(text()), parser, () => {});

  let plan: ColumnPlan | undefined;
  try {
    for await (const row of parser as AsyncIterable<CsvRow>) {
      const cells = row.record;
      const line = row.info.lines;
      if (!plan) {
        plan = planColumns(file, cells.map((c) => c.trim()), options);
        continue;
      }
      let labels: string[];
      if (plan.labels !== undefined) {
        labels = splitLabelCell(cells[plan.labels] ?? '');
      } else {
        labels = [];
        for (const f of plan.flags) {
          const cell = cells[f.index] ?? '';
          const flag = parseFlagCell(cell);
          if (flag === undefined) {
            throw new ImportError(file, `column "${f.name}": expected 0 or 1, got "${cell}"`, line);
          }
          if (flag) labels.push(f.name.trim());
        }
      }
      const id = plan.id !== undefined ? (cells[plan.id] ?? '').trim() : '';
      yield { line, text: cells[plan.text] ?? '', labels, ...(id ? { id } : {}) };
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    if (err instanceof CsvError) {
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        // csv-parse reports the end of the file; the quote opened with the record after the last complete one.
        const opened = lastRecordEnd + 1;
        throw new ImportError(file, `malformed CSV: quote not closed (the quoted field opened on line ${opened} never ends)`, opened);
      }
      const lines = (err as CsvError & { lines?: number }).lines;
      throw new ImportError(file, `malformed CSV: ${csvErrorReason(err)}`, lines);
    }
    throw err;
  }
  if (!plan) throw new ImportError(file, 'file has no header row');
}

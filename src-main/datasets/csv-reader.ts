import { Readable, pipeline } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { ImportError } from './errors.js';
import { readLines, type LineReaderOptions } from './line-reader.js';
import type { CsvDelimiter } from '../contract/schemas.js';
import { LabelCellError, parseFlagCell, parseLabelCell, type ReaderOptions, type SourceRecord } from './records.js';

export const DELIMITER_CHARS: Readonly<Record<CsvDelimiter, string>> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' };
const SHOWN: Readonly<Record<CsvDelimiter, string>> = { comma: '","', semicolon: '";"', tab: 'tab', pipe: '"|"' };

/** Lines of the file looked at to tell the delimiter. */
const SNIFF_LINES = 50;

/**
 * Counts of `delimiter` outside double quotes in each complete record of `lines` (the first
 * lines of a file; a record whose quote is still open at the end is dropped).
 */
function fieldSeparators(lines: readonly string[], delimiter: string): number[] {
  const counts: number[] = [];
  let inQuotes = false;
  let count = 0;
  for (const line of lines) {
    for (const c of line) {
      if (c === '"') inQuotes = !inQuotes;
      else if (c === delimiter && !inQuotes) count++;
    }
    if (inQuotes) continue;
    if (line.trim() !== '' || count) counts.push(count);
    count = 0;
  }
  return counts;
}

export type DelimiterGuess = { delimiter: CsvDelimiter } | { ambiguous: CsvDelimiter[] };

/**
 * The delimiter of a CSV from its first lines: the candidate (comma, semicolon, tab, pipe)
 * that splits the header; when several do, the one that also gives every following record of
 * the sample the header's field count; still several (or none of those), ambiguous. A header
 * that none splits is one column: comma.
 */
export function detectDelimiter(lines: readonly string[]): DelimiterGuess {
  const all = Object.keys(DELIMITER_CHARS) as CsvDelimiter[];
  const counts = new Map(all.map((d) => [d, fieldSeparators(lines, DELIMITER_CHARS[d])]));
  const inHeader = all.filter((d) => (counts.get(d)![0] ?? 0) > 0);
  if (inHeader.length === 0) return { delimiter: 'comma' };
  if (inHeader.length === 1) return { delimiter: inHeader[0]! };
  const consistent = inHeader.filter((d) => {
    const [header, ...rest] = counts.get(d)!;
    return rest.every((n) => n === header);
  });
  if (consistent.length === 1) return { delimiter: consistent[0]! };
  return { ambiguous: consistent.length ? consistent : inHeader };
}

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
  const lines = readLines(file, options)[Symbol.asyncIterator]();
  // The first lines are read ahead to tell the delimiter, then fed to the parser like the rest.
  const head: string[] = [];
  while (head.length < SNIFF_LINES) {
    const next = await lines.next();
    if (next.done) break;
    head.push(next.value.text);
  }
  let delimiter = options.delimiter;
  if (!delimiter) {
    const guess = detectDelimiter(head);
    if ('ambiguous' in guess) {
      await lines.return?.(undefined);
      const names = guess.ambiguous.map((d) => `${SHOWN[d]} (${d})`).join(' or ');
      throw new ImportError(
        file,
        `cannot tell the delimiter: the header splits on ${names} alike; give it with --delimiter (comma, semicolon, tab, pipe)`,
        1,
      );
    }
    delimiter = guess.delimiter;
  }
  async function* text(): AsyncGenerator<string> {
    let batch: string[] = head;
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      batch.push(next.value.text);
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
    delimiter: DELIMITER_CHARS[delimiter],
    skip_empty_lines: true,
    relax_column_count: false,
    // A quote inside an unquoted field is text (TSV and hand-written list cells: ["a", "b"]).
    relax_quotes: true,
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
        const cell = cells[plan.labels] ?? '';
        try {
          labels = parseLabelCell(cell, options.labelSeparator);
        } catch (err) {
          if (err instanceof LabelCellError) throw new ImportError(file, `labels cell ${JSON.stringify(cell)}: ${err.message}`, line);
          throw err;
        }
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
      const at = (err as CsvError & { lines?: number }).lines;
      const hint = err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? ` (fields separated by ${SHOWN[delimiter]})` : '';
      throw new ImportError(file, `malformed CSV: ${csvErrorReason(err)}${hint}`, at);
    }
    throw err;
  }
  if (!plan) throw new ImportError(file, 'file has no header row');
}

/** One post as read from an input file, before it is checked against the database. */
export interface SourceRecord {
  /** Physical line where the record ends (CSV records may span lines). */
  line: number;
  id?: string;
  text: string;
  labels: string[];
}

export type InputFormat = 'jsonl' | 'csv';

export interface ReaderOptions {
  maxLineBytes: number;
  idColumn: string;
  textColumn: string;
  labelsColumn: string;
  /** CSV: one 0/1 column per category. When absent and there is no labels column, every other column is one. */
  labelColumns?: string[];
}

/** Labels in a CSV labels cell: separated by ';' or '|', blanks ignored. */
export function splitLabelCell(cell: string): string[] {
  return cell
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A 0/1 category cell; undefined when the value is not a recognised flag. */
export function parseFlagCell(cell: string): boolean | undefined {
  const v = cell.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === '') return false;
  return undefined;
}

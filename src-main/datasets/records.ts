import type { CsvDelimiter, ImportFormat, ImportPreset } from '../contract/schemas.js';

/** One post as read from an input file, before it is checked against the database. */
export interface SourceRecord {
  /** Physical line where the record ends (CSV records may span lines); the row number (1-based) in Parquet. */
  line: number;
  id?: string;
  text: string;
  labels: string[];
  /** Set when the record is a deliberate skip (a Reddit "[deleted]" post): the reason, counted, not imported. */
  skipped?: string;
}

export type InputFormat = ImportFormat;

export interface ReaderOptions {
  maxLineBytes: number;
  idColumn: string;
  textColumn: string;
  labelsColumn: string;
  /** CSV: one 0/1 column per category. When absent and there is no labels column, every other column is one. */
  labelColumns?: string[];
  /** CSV: the field delimiter; detected from the header when absent. */
  delimiter?: CsvDelimiter;
  /** Labels cells: the one separator between names; absent means ";" or "|". */
  labelSeparator?: string;
  preset?: ImportPreset;
  /** Whether a record without a labels field (or cell) reads as having none. */
  labelsOptional?: boolean;
}

/** A label cell that cannot be read unambiguously; the reader adds file and line. */
export class LabelCellError extends Error {
  override name = 'LabelCellError';
}

/** Cell values that mean "no label" (what spreadsheets, pandas and Python write for nothing). */
const NO_LABEL = new Set(['', '[]', 'null', 'none', 'nan', 'na', 'n/a', '<na>']);

const PY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v',
};

/**
 * Reads one quoted item of a list literal starting at `s[at]` (a quote): JSON's double-quoted
 * strings and Python's single- or double-quoted ones, with Python's escapes (a superset of
 * JSON's: \n \t \\ \' \" \xHH \uHHHH \UHHHHHHHH). Returns the value and the index after it.
 */
function readQuoted(s: string, at: number): { value: string; end: number } {
  const quote = s[at]!;
  let out = '';
  let i = at + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === quote) return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) break;
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex) {
      const digits = s.slice(i + 2, i + 2 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) throw new LabelCellError(`bad escape "\\${e}${digits}"`);
      out += String.fromCodePoint(parseInt(digits, 16));
      i += 2 + hex;
    } else if (PY_ESCAPES[e] !== undefined) {
      out += PY_ESCAPES[e];
      i += 2;
    } else {
      throw new LabelCellError(`unknown escape "\\${e}"`);
    }
  }
  throw new LabelCellError(`the quote opened at character ${at + 1} is not closed`);
}

/** `[...]` with quoted items separated by commas (a trailing comma allowed); `None`/`null` items are skipped. */
function parseListLiteral(cell: string): string[] {
  if (!cell.endsWith(']')) throw new LabelCellError('unbalanced brackets: the list opened with "[" does not end with "]"');
  const out: string[] = [];
  let i = 1;
  const end = cell.length - 1;
  const skipSpace = () => {
    while (i < end && /\s/.test(cell[i]!)) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= end) break;
    const c = cell[i]!;
    if (c === '"' || c === "'") {
      const { value, end: next } = readQuoted(cell, i);
      out.push(value);
      i = next;
    } else {
      const bare = /^(?:None|null|NaN|nan)(?![\w])/.exec(cell.slice(i, end));
      if (!bare) {
        const item = cell.slice(i, end).split(',')[0]!.trim();
        throw new LabelCellError(
          /^[[\]]/.test(item)
            ? 'unbalanced or nested brackets'
            : `list item "${item}" is not a quoted string (write ["${item}"] or '${item}')`,
        );
      }
      i += bare[0].length;
    }
    skipSpace();
    if (i >= end) break;
    if (cell[i] !== ',') throw new LabelCellError(`expected "," or "]" at character ${i + 1}, got "${cell[i]}"`);
    i++;
  }
  return out;
}

/**
 * The label names in a labels cell (CSV, or a string field of JSON or Parquet):
 * - a JSON array or a Python list literal: `["a", "b"]`, `['a', "b"]`, with their escapes;
 * - a separated string: `a;b` or `a|b` (or only `separator` when given, e.g. ",");
 * - nothing: empty, `[]`, `null`, `None`, `NaN` (any case) mean no label.
 * Blank items are dropped. Throws LabelCellError (no file or line: the caller adds them) for
 * what cannot be read one way only: unbalanced brackets, unquoted or nested list items,
 * bad escapes, brackets or quotes in a separated string, or ";" and "|" both in one cell.
 */
export function parseLabelCell(cell: string, separator?: string): string[] {
  const v = cell.trim();
  if (NO_LABEL.has(v.toLowerCase())) return [];
  let names: string[];
  if (v.startsWith('[')) {
    names = parseListLiteral(v);
  } else {
    if (/[[\]]/.test(v)) throw new LabelCellError('unbalanced brackets: a list must start with "[" and end with "]"');
    if (/^["']|["']$/.test(v)) throw new LabelCellError('quoted names outside a list: write ["a", "b"] or a;b');
    if (separator) {
      names = v.split(separator);
    } else {
      if (v.includes(';') && v.includes('|')) throw new LabelCellError('both ";" and "|" in one cell: which one separates the names?');
      names = v.split(/[;|]/);
    }
  }
  return names.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** A 0/1 category cell; undefined when the value is not a recognised flag. */
export function parseFlagCell(cell: string): boolean | undefined {
  const v = cell.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === '') return false;
  return undefined;
}

/**
 * Index of the first lone surrogate (a UTF-16 code unit U+D800–U+DFFF without its partner),
 * or -1 when the string is well-formed. JSON's `\ud800` escapes are the way these get in.
 */
export function loneSurrogateAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** Every lone surrogate replaced with U+FFFD (as String.prototype.toWellFormed does); valid pairs kept. */
export function replaceLoneSurrogates(s: string): { text: string; replaced: number } {
  let replaced = 0;
  const text = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, () => {
    replaced++;
    return '\ufffd';
  });
  return { text, replaced };
}

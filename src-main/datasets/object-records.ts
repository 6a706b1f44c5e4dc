/**
 * Maps one JSON or Parquet object to a post: which field holds the text, the id and the
 * labels, under the user's mapping or a preset for Reddit/Pushshift and X/Twitter dumps. Pure.
 */
import { LabelCellError, loneSurrogateAt, parseLabelCell, replaceLoneSurrogates, type ReaderOptions, type SourceRecord } from './records.js';

/** What a record is missing or has wrong, without file and place (the reader adds them). */
export class RecordError extends Error {
  override name = 'RecordError';
}

export interface ObjectMapping {
  id: string;
  text: string;
  labels: string;
  /** A record without its labels field reads as having none. */
  labelsOptional: boolean;
  /** Parquet and CSV-like sources: a string labels field is a labels cell ("a;b", "['a', 'b']"). */
  labelStrings: boolean;
  labelSeparator?: string;
  preset?: ReaderOptions['preset'];
  /** Lone surrogates: absent, refused; given, replaced with U+FFFD and counted here. */
  replaced?: { count: number };
}

/** Reddit's placeholders for a comment or post that is gone: skipped and counted, never imported. */
export const REDDIT_GONE = new Set(['[deleted]', '[removed]']);

export function objectMapping(o: ReaderOptions, extra: { labelStrings: boolean; replaced?: { count: number } }): ObjectMapping {
  return {
    id: o.idColumn,
    text: o.textColumn,
    labels: o.labelsColumn,
    // Dumps carry no labels of their own: a preset makes them optional.
    labelsOptional: Boolean(o.labelsOptional || o.preset),
    labelStrings: extra.labelStrings,
    ...(o.labelSeparator ? { labelSeparator: o.labelSeparator } : {}),
    ...(o.preset ? { preset: o.preset } : {}),
    ...(extra.replaced ? { replaced: extra.replaced } : {}),
  };
}

/** The value at a dotted path ("tweet.full_text"); a key that itself holds a dot is tried first. */
export function fieldAt(obj: Record<string, unknown>, path: string): unknown {
  if (path in obj) return obj[path];
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function wellFormed(value: string, field: string, m: ObjectMapping): string {
  const at = loneSurrogateAt(value);
  if (at === -1) return value;
  if (!m.replaced) {
    const unit = value.charCodeAt(at).toString(16).toUpperCase();
    throw new RecordError(
      `"${field}" has a lone surrogate U+${unit} at character ${at + 1} (ill-formed Unicode, e.g. a "\\u${unit.toLowerCase()}" escape without its pair); ` +
        'import with --replace-invalid to store U+FFFD',
    );
  }
  const fixed = replaceLoneSurrogates(value);
  m.replaced.count += fixed.replaced;
  return fixed.text;
}

/** The text under the preset's rules, or under the mapped field. */
function textOf(obj: Record<string, unknown>, m: ObjectMapping): { field: string; text: unknown; skipped?: string } {
  const custom = m.text !== 'text';
  if (m.preset === 'reddit' && !custom) {
    // Comments carry "body"; submissions "title" and "selftext" (empty for a link post).
    if (typeof obj.body === 'string') {
      return { field: 'body', text: obj.body, ...(REDDIT_GONE.has(obj.body.trim()) ? { skipped: obj.body.trim() } : {}) };
    }
    if (typeof obj.title === 'string') {
      const self = typeof obj.selftext === 'string' ? obj.selftext.trim() : '';
      if (REDDIT_GONE.has(self)) return { field: 'selftext', text: self, skipped: self };
      return { field: 'title', text: self ? `${obj.title}\n\n${self}` : obj.title };
    }
    return { field: 'body', text: undefined };
  }
  if (m.preset === 'twitter' && !custom) {
    if (obj.full_text !== undefined) return { field: 'full_text', text: obj.full_text };
    return { field: 'text', text: obj.text };
  }
  return { field: m.text, text: fieldAt(obj, m.text) };
}

function idOf(obj: Record<string, unknown>, m: ObjectMapping): { field: string; id: unknown } {
  // Tweet ids pass 2^53: the string form is exact, the number is not.
  if (m.preset === 'twitter' && m.id === 'id' && obj.id_str !== undefined) return { field: 'id_str', id: obj.id_str };
  return { field: m.id, id: fieldAt(obj, m.id) };
}

function labelsOf(obj: Record<string, unknown>, m: ObjectMapping): string[] {
  const raw = fieldAt(obj, m.labels);
  const field = m.labels;
  if (raw === undefined) {
    if (m.labelsOptional) return [];
    throw new RecordError(`"${field}" is missing (use [] for a post with no PII)`);
  }
  if (raw === null) return [];
  if (typeof raw === 'string' && m.labelStrings) {
    try {
      return parseLabelCell(raw, m.labelSeparator).map((l) => wellFormed(l, field, m));
    } catch (err) {
      if (err instanceof LabelCellError) throw new RecordError(`"${field}" ${JSON.stringify(raw)}: ${err.message}`);
      throw err;
    }
  }
  if (!Array.isArray(raw) || raw.some((l) => typeof l !== 'string')) throw new RecordError(`"${field}" must be a list of strings`);
  return (raw as string[]).map((l) => wellFormed(l, field, m));
}

/**
 * One object as a post. Throws RecordError for a missing or mistyped field, a lone surrogate
 * (unless replacing) or an unreadable labels cell; Reddit's "[deleted]"/"[removed]" come back
 * as `skipped` records.
 */
export function recordFromObject(value: unknown, where: number, m: ObjectMapping): SourceRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordError('expected a JSON object {"text": ..., "labels": [...]}');
  }
  let obj = value as Record<string, unknown>;
  // An X archive wraps each tweet as {"tweet": {...}}.
  if (m.preset === 'twitter' && typeof obj.tweet === 'object' && obj.tweet !== null && !Array.isArray(obj.tweet)) {
    obj = obj.tweet as Record<string, unknown>;
  }
  const t = textOf(obj, m);
  if (t.skipped) return { line: where, text: '', labels: [], skipped: t.skipped };
  if (t.text === undefined || t.text === null) throw new RecordError(`"${t.field}" is missing`);
  if (typeof t.text !== 'string') throw new RecordError(`"${t.field}" must be a string`);
  const text = wellFormed(t.text, t.field, m);

  const i = idOf(obj, m);
  let id: string | undefined;
  if (i.id !== undefined && i.id !== null) {
    if (typeof i.id === 'string') {
      if (!i.id) throw new RecordError(`"${i.field}" must not be empty`);
      id = wellFormed(i.id, i.field, m);
    } else if ((typeof i.id === 'number' && Number.isInteger(i.id)) || typeof i.id === 'bigint') {
      id = String(i.id);
    } else {
      throw new RecordError(`"${i.field}" must be a string or an integer`);
    }
  }
  return { line: where, text, labels: labelsOf(obj, m), ...(id !== undefined ? { id } : {}) };
}

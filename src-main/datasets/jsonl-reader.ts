import { ImportError } from './errors.js';
import { readLines, type LineReaderOptions } from './line-reader.js';
import { objectMapping, recordFromObject, RecordError } from './object-records.js';
import type { ReaderOptions, SourceRecord } from './records.js';

export type JsonReaderOptions = LineReaderOptions &
  Partial<Omit<ReaderOptions, 'maxLineBytes'>> & {
    /** 'optional' (texts to classify): a line without labels reads as having none. */
    labels?: 'required' | 'optional';
  };

/** The reader's options with the defaults of `{"id"?, "text", "labels": []}` lines filled in. */
export function jsonMapping(options: JsonReaderOptions, labelStrings: boolean) {
  return objectMapping(
    {
      maxLineBytes: options.maxLineBytes,
      idColumn: options.idColumn ?? 'id',
      textColumn: options.textColumn ?? 'text',
      labelsColumn: options.labelsColumn ?? 'labels',
      ...(options.labelSeparator ? { labelSeparator: options.labelSeparator } : {}),
      ...(options.preset ? { preset: options.preset } : {}),
      labelsOptional: options.labels === 'optional' || Boolean(options.labelsOptional),
    },
    { labelStrings, ...(options.replaced ? { replaced: options.replaced } : {}) },
  );
}

/**
 * Reads one JSON object per line (JSONL/NDJSON): `{"id"?, "text", "labels": []}` by default,
 * other fields through the mapping or a preset (Reddit/Pushshift, X/Twitter); blank lines are
 * skipped. Errors name the line.
 */
export async function* readJsonl(file: string, options: JsonReaderOptions): AsyncGenerator<SourceRecord> {
  const mapping = jsonMapping(options, false);
  for await (const line of readLines(file, options)) {
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (err) {
      throw new ImportError(file, `malformed JSON (${(err as Error).message})`, line.number);
    }
    try {
      yield recordFromObject(value, line.number, mapping);
    } catch (err) {
      if (err instanceof RecordError) throw new ImportError(file, err.message, line.number);
      throw err;
    }
  }
}

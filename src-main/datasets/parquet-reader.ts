import fs from 'node:fs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema, type FileMetaData } from 'hyparquet';
import { ImportError } from './errors.js';
import type { LineReaderOptions } from './line-reader.js';
import { countReplacements, invalidUtf8At } from './line-reader.js';
import { fieldAt, objectMapping, recordFromObject, RecordError } from './object-records.js';
import type { ReaderOptions, SourceRecord } from './records.js';

/** A string column's bytes that are not UTF-8, kept so the row can be named (or replaced). */
class InvalidUtf8 {
  constructor(readonly bytes: Uint8Array) {}
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Hugging Face writes each column's `datasets` feature into the file's metadata; a ClassLabel
 * (or a list of them) stores label numbers, and its `names` say what they mean.
 */
function classLabelNames(metadata: FileMetaData, column: string): string[] | undefined {
  const hf = metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
  if (!hf) return undefined;
  try {
    const info = JSON.parse(hf) as { info?: { features?: Record<string, unknown> } };
    let feature = info.info?.features?.[column] as { _type?: string; names?: unknown; feature?: unknown } | undefined;
    if (feature && (feature._type === 'Sequence' || feature._type === 'List' || feature._type === 'LargeList')) {
      feature = feature.feature as typeof feature;
    }
    return feature?._type === 'ClassLabel' && Array.isArray(feature.names) ? (feature.names as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function findInvalid(value: unknown, path: string): { path: string; bytes: Uint8Array } | undefined {
  if (value instanceof InvalidUtf8) return { path, bytes: value.bytes };
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = findInvalid(v, path);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Reads a Parquet file (how Hugging Face publishes datasets) with hyparquet, one row group at a
 * time so memory holds a row group, not the file. Columns map to posts as JSON fields do
 * (text, id, labels: a list column, a labels-cell string, or ClassLabel numbers with their
 * names from the Hugging Face metadata). Errors name the row (1-based).
 */
export async function* readParquet(
  file: string,
  options: ReaderOptions & LineReaderOptions,
): AsyncGenerator<SourceRecord> {
  if (options.hash) {
    for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) options.hash.update(chunk);
  }
  let metadata: FileMetaData;
  const buffer = await asyncBufferFromFile(file);
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new ImportError(file, `not a readable Parquet file (${(err as Error).message})`);
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  const listed = columns.map((c) => `"${c}"`).join(', ');
  const mapping = objectMapping(options, { labelStrings: true, ...(options.replaced ? { replaced: options.replaced } : {}) });
  const top = (field: string) => field.split('.')[0]!;
  if (!mapping.preset && !columns.includes(top(mapping.text))) {
    throw new ImportError(file, `no text column "${mapping.text}" (columns: ${listed}); name it with --text-column`);
  }
  if (!mapping.labelsOptional && !columns.includes(top(mapping.labels))) {
    throw new ImportError(file, `no labels column "${mapping.labels}" (columns: ${listed}); name it with --labels-column`);
  }
  const labelNames = classLabelNames(metadata, mapping.labels);
  const parsers = {
    stringFromBytes: (bytes: Uint8Array | undefined) => {
      if (!bytes) return bytes;
      try {
        return strict.decode(bytes);
      } catch {
        if (!options.replaced) return new InvalidUtf8(bytes);
        const text = lenient.decode(bytes);
        options.replaced.count += countReplacements(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), text);
        return text;
      }
    },
  };

  let rowBase = 0;
  for (const group of metadata.row_groups) {
    const n = Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file: buffer, metadata, rowStart: rowBase, rowEnd: rowBase + n, parsers });
    } catch (err) {
      throw new ImportError(file, `cannot read rows ${rowBase + 1}–${rowBase + n} (${(err as Error).message})`, rowBase + 1, 'row');
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const where = rowBase + i + 1;
      for (const [key, value] of Object.entries(row)) {
        const bad = findInvalid(value, key);
        if (bad) {
          const at = invalidUtf8At(bad.bytes);
          throw new ImportError(
            file,
            `invalid UTF-8 in "${bad.path}": byte ${at + 1} is 0x${bad.bytes[at]!.toString(16).padStart(2, '0')} (import with --replace-invalid to store U+FFFD)`,
            where,
            'row',
          );
        }
      }
      let labels = fieldAt(row, mapping.labels);
      // A single ClassLabel column holds one number per row.
      if (typeof labels === 'number' || typeof labels === 'bigint') labels = row[mapping.labels] = [labels];
      if (Array.isArray(labels) && labels.some((l) => typeof l === 'number' || typeof l === 'bigint')) {
        row[mapping.labels] = labels.map((l) => {
          if (typeof l !== 'number' && typeof l !== 'bigint') return l;
          const name = labelNames?.[Number(l)];
          if (labelNames && name === undefined) {
            throw new ImportError(file, `"${mapping.labels}": label number ${l} has no ClassLabel name`, where, 'row');
          }
          return name ?? String(l);
        });
      }
      try {
        yield recordFromObject(row, where, mapping);
      } catch (err) {
        if (err instanceof RecordError) throw new ImportError(file, err.message, where, 'row');
        throw err;
      }
    }
    rowBase += n;
  }
}

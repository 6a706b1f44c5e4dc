import { z } from 'zod';
import { ImportError } from './errors.js';
import { readLines, type LineReaderOptions } from './line-reader.js';
import type { SourceRecord } from './records.js';

const JsonlRecord = z.object({
  id: z.union([z.string().min(1, 'must not be empty'), z.number().int()]).optional(),
  text: z.string({ error: (i) => (i.input === undefined ? 'is missing' : 'must be a string') }),
  labels: z.array(z.string({ error: 'must be a list of strings' }), {
    error: (i) => (i.input === undefined ? 'is missing (use [] for a post with no PII)' : 'must be a list of strings'),
  }),
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `"${i.path.join('.')}" ${i.message}` : i.message))
    .join('; ');
}

const UnlabelledJsonlRecord = JsonlRecord.extend({ labels: JsonlRecord.shape.labels.default([]) });

/**
 * Reads `{"id"?, "text", "labels": []}` lines; blank lines are skipped. With `labels: 'optional'`
 * (texts to classify) a line without labels reads as having none.
 */
export async function* readJsonl(
  file: string,
  options: LineReaderOptions & { labels?: 'required' | 'optional' },
): AsyncGenerator<SourceRecord> {
  const schema = options.labels === 'optional' ? UnlabelledJsonlRecord : JsonlRecord;
  for await (const line of readLines(file, options)) {
    if (line.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (err) {
      throw new ImportError(file, `malformed JSON (${(err as Error).message})`, line.number);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ImportError(file, 'expected a JSON object {"text": ..., "labels": [...]}', line.number);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ImportError(file, describeIssues(parsed.error), line.number);
    const { id, text, labels } = parsed.data;
    yield { line: line.number, text, labels, ...(id !== undefined ? { id: String(id) } : {}) };
  }
}

import { ImportError } from './errors.js';
import { jsonMapping, type JsonReaderOptions } from './jsonl-reader.js';
import { readLines } from './line-reader.js';
import { recordFromObject, RecordError } from './object-records.js';
import type { SourceRecord } from './records.js';

/** What may come before the array: nothing, or an X archive's `window.YTD.tweets.part0 =`. */
const PREFIX = /^\s*(?:window(?:\.[A-Za-z_$][\w$]*)+\s*=\s*)?$/;

/**
 * Streams the elements of a top-level JSON array — a `.json` dump or an X/Twitter archive's
 * `tweets.js` (`window.YTD.tweets.part0 = [ … ]`) — one element at a time, so memory holds one
 * element, not the file. Each element is parsed with JSON.parse and mapped like a JSONL line;
 * errors name the line where the element starts. An X archive's prefix selects the twitter
 * preset when no other is given.
 */
export async function* readJsonArray(file: string, options: JsonReaderOptions): AsyncGenerator<SourceRecord> {
  let mapping = jsonMapping(options, false);
  let phase: 'prefix' | 'array' | 'done' = 'prefix';
  let prefix = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let elementLine = 0;
  let lineNo = 0;

  const finish = (): SourceRecord | undefined => {
    const body = element.trim();
    element = '';
    if (!body) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (err) {
      throw new ImportError(file, `malformed JSON in the array element starting here (${(err as Error).message})`, elementLine);
    }
    try {
      return recordFromObject(value, elementLine, mapping);
    } catch (err) {
      if (err instanceof RecordError) throw new ImportError(file, err.message, elementLine);
      throw err;
    }
  };

  for await (const line of readLines(file, options)) {
    lineNo = line.number;
    const s = line.text;
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (phase === 'prefix') {
        if (c === '[') {
          if (!PREFIX.test(prefix)) {
            throw new ImportError(file, 'expected a JSON array ("[ … ]", or an X archive\'s "window.YTD.… = [ … ]")', line.number);
          }
          phase = 'array';
          // An X archive says what it is: read it as one unless told otherwise.
          if (!options.preset && /window\.YTD\./.test(prefix)) mapping = jsonMapping({ ...options, preset: 'twitter' }, false);
        } else {
          prefix += c;
        }
        continue;
      }
      if (phase === 'done') {
        if (!/[\s;]/.test(c)) throw new ImportError(file, `unexpected "${c}" after the end of the array`, line.number);
        continue;
      }
      if (inString) {
        element += c;
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (depth === 0 && (c === ',' || c === ']')) {
        const rec = finish();
        if (rec) yield rec;
        else if (c === ',') throw new ImportError(file, 'empty array element (two commas, or a comma first)', line.number);
        if (c === ']') phase = 'done';
        continue;
      }
      if (!element.trim() && /\s/.test(c)) continue;
      if (!element) elementLine = line.number;
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      element += c;
    }
    if (phase === 'prefix') prefix += '\n';
    else if (element) element += '\n';
  }
  if (phase === 'prefix') throw new ImportError(file, 'no JSON array in the file');
  if (phase === 'array') throw new ImportError(file, 'the JSON array is not closed ("]" missing at the end)', lineNo);
}

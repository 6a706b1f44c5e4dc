import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Hash } from 'node:crypto';
import { ImportError } from './errors.js';

export interface Line {
  /** 1-based physical line number. */
  number: number;
  text: string;
}

export interface LineReaderOptions {
  maxLineBytes: number;
  /** Receives every raw byte of the file, e.g. to hash it while it streams. */
  hash?: Hash;
  /**
   * Invalid UTF-8: absent, it is refused with the line and byte; given, each invalid sequence
   * becomes U+FFFD (the WHATWG decoder's rule, one per maximal invalid subpart) and is counted here.
   */
  replaced?: { count: number };
}

/**
 * The 0-based offset of the first byte that is not part of a well-formed UTF-8 sequence
 * (Unicode 15, table 3-7: no overlongs, no surrogates, nothing above U+10FFFF), or -1.
 */
export function invalidUtf8At(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const n = b[i + k];
      if (n === undefined || n < (k === 1 ? lo : 0x80) || n > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** U+FFFD characters a decode added (those already in the text are not counted). */
export function countReplacements(bytes: Buffer, text: string): number {
  let inText = 0;
  for (const ch of text) if (ch === '\ufffd') inText++;
  let inBytes = 0;
  for (let at = bytes.indexOf(REPLACEMENT_UTF8); at !== -1; at = bytes.indexOf(REPLACEMENT_UTF8, at + 3)) inBytes++;
  return inText - inBytes;
}
const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Streams a file as UTF-8 lines with bounded memory: strips a leading BOM and CRLF
 * endings, rejects invalid UTF-8 and over-long lines with the line number.
 */
export async function* readLines(file: string, options: LineReaderOptions): AsyncGenerator<Line> {
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 16 });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNo = 0;
  let first = true;

  const finishLine = (bytes: Buffer): Line => {
    lineNo += 1;
    let b = bytes;
    if (first) {
      first = false;
      if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    }
    if (b.length && b[b.length - 1] === CR) b = b.subarray(0, b.length - 1);
    if (b.length > options.maxLineBytes) {
      throw new ImportError(file, `line is ${b.length} bytes, over the limit of ${options.maxLineBytes}`, lineNo);
    }
    if (!isUtf8(b)) {
      if (!options.replaced) {
        const at = invalidUtf8At(b);
        throw new ImportError(
          file,
          `invalid UTF-8: byte ${at + 1} of the line is 0x${b[at]!.toString(16).padStart(2, '0')}` +
            ' (save the file as UTF-8, or import with --replace-invalid to store U+FFFD)',
          lineNo,
        );
      }
      const text = b.toString('utf8');
      options.replaced.count += countReplacements(b, text);
      return { number: lineNo, text };
    }
    return { number: lineNo, text: b.toString('utf8') };
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.hash?.update(chunk);
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(NEWLINE, start);
        if (nl === -1) break;
        const piece = chunk.subarray(start, nl);
        if (pending.length) {
          pending.push(piece);
          yield finishLine(Buffer.concat(pending, pendingBytes + piece.length));
          pending = [];
          pendingBytes = 0;
        } else {
          yield finishLine(piece);
        }
        start = nl + 1;
      }
      if (start < chunk.length) {
        const rest = chunk.subarray(start);
        pending.push(rest);
        pendingBytes += rest.length;
        // +1 leaves room for a CR that the next chunk's LF may turn into a line ending.
        if (pendingBytes > options.maxLineBytes + 1) {
          throw new ImportError(file, `line is longer than the limit of ${options.maxLineBytes} bytes`, lineNo + 1);
        }
      }
    }
    if (pendingBytes > 0) yield finishLine(Buffer.concat(pending, pendingBytes));
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new ImportError(file, e.code === 'ENOENT' ? 'file not found' : `cannot read file: ${e.message}`);
  } finally {
    stream.destroy();
  }
}

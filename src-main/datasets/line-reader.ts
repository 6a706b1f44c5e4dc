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
}

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
    if (!isUtf8(b)) throw new ImportError(file, 'invalid UTF-8', lineNo);
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

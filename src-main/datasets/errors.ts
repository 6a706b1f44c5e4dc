import path from 'node:path';

/** A problem with an input file, located by line (1-based physical line) when it is known. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${path.basename(file)}${line !== undefined ? `:${line}` : ''}: ${reason}`);
  }
}

import path from 'node:path';

/**
 * A problem with an input file, located by line (1-based physical line) when it is known,
 * or by row (1-based) in a format without lines (Parquet): "file.csv:3: …", "file.parquet:row 3: …".
 */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly unit: 'line' | 'row' = 'line',
  ) {
    super(`${path.basename(file)}${line === undefined ? '' : unit === 'row' ? `:row ${line}` : `:${line}`}: ${reason}`);
  }
}

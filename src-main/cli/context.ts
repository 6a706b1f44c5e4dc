import { Command } from 'commander';
import { resolveDbPath } from '../store/paths.js';
import { Store } from '../store/store.js';

/** Bad command-line usage: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface GlobalOptions {
  db?: string;
}

export interface Output {
  json: boolean;
  /** Machine-readable result on stdout. */
  result(value: unknown, human: () => string): void;
  /** Progress for people: stderr, only on a terminal. */
  progress(line: string): void;
  done(): void;
}

export function makeOutput(json: boolean, stdout: NodeJS.WriteStream = process.stdout, stderr = process.stderr): Output {
  let progressShown = false;
  return {
    json,
    result(value, human) {
      stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n');
    },
    progress(line) {
      if (!stderr.isTTY) return;
      stderr.write(`\r\x1b[2K${line}`);
      progressShown = true;
    },
    done() {
      if (progressShown) stderr.write('\r\x1b[2K');
      progressShown = false;
    },
  };
}

export function openStoreFor(cmd: Command): Store {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  return Store.open(resolveDbPath(opts.db));
}

/** Opens the workspace for one command and always closes it. */
export async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T> | T): Promise<T> {
  const store = openStoreFor(cmd);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function table(rows: (string | number)[][], header: string[]): string {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) =>
    r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

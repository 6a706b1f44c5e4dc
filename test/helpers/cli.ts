import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './tmp.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `synthlab` executable as a user would (needs `npm run build` first; `npm test` does it). */
export function synthlab(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'synthlab.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

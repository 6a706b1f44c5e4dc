import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/tmp.js';

const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const benches = Object.entries(scripts).filter(([name]) => name.startsWith('bench:'));

function bench(file: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'test', 'bench', file), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('benchmarks with --json print only JSON on stdout', () => {
  it('every bench script sends the build output to stderr, then runs its compiled benchmark', () => {
    expect(benches.map(([name]) => name)).toEqual(
      expect.arrayContaining(['bench:generate', 'bench:pipeline', 'bench:import', 'bench:embed', 'bench:train']),
    );
    for (const [name, command] of benches) {
      const m = /^npm run -s build >&2 && node dist\/test\/bench\/([\w-]+)\.bench\.js$/.exec(command);
      expect(m, `${name}: ${command}`).not.toBeNull();
      expect(
        fs.existsSync(path.join(ROOT, 'test', 'bench', `${m![1]}.bench.ts`)),
        `${name}: test/bench/${m![1]}.bench.ts`,
      ).toBe(true);
    }
  });

  it('bench:generate on a tiny configuration: stdout parses as one JSON document, progress goes to stderr', () => {
    const r = bench('generate.bench.js', [
      '--posts',
      '2',
      '--rounds',
      '1',
      '--paired-rounds',
      '1',
      '--threads',
      '1',
      '--sequences',
      '1,2',
      '--tiny-only',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      posts: number;
      results: { model: string; grid: unknown[]; defaultOverBest: number; jobAtDefault: number }[];
    };
    expect(out.posts).toBe(2);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]!.grid).toHaveLength(2);
    expect(out.results[0]!.jobAtDefault).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/plain loop, 1 thread\(s\) × 2 sequences/);
  });

  it('bench:import likewise', () => {
    const r = bench('import.bench.js', ['--posts', '500', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { posts: number }).posts).toBe(500);
  });
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { synthlab } from '../helpers/cli.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const MODELS = 'tiny-llama2-chat,tiny-llama3-instruct,tiny-zephyr';

function variantCount(db: string): number {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare('SELECT count(*) FROM variants').pluck().get() as number;
  } catch {
    return 0;
  } finally {
    d.close();
  }
}

describe('synthlab generate survives kill -9', () => {
  it('resumes a killed 1:3 job over the whole sample dataset and ends with exactly three variants per post', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'crash.db');
    expect(synthlab(['--db', db, 'import', path.join(ROOT, 'resources/sample/posts.jsonl'), '--dataset', 'sample']).code).toBe(0);
    const add = synthlab(['--db', db, 'models', 'add-tiny', '--dir', path.join(dir, 'models'), '--json']);
    expect(add.stderr).toBe('');
    const args = ['--db', db, 'generate', '--dataset', 'sample', '--models', MODELS, '--threads', '1', '--max-tokens', '8', '--max-attempts', '1', '--json'];
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'synthlab.js'), ...args], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    // Kill it mid-run, once some variants are safely written.
    for (let i = 0; i < 600 && variantCount(db) < 150; i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = variantCount(db);
    expect(before).toBeGreaterThanOrEqual(150);
    expect(before).toBeLessThan(380 * 3);

    const jobs = JSON.parse(synthlab(['--db', db, 'jobs', '--json']).stdout) as { id: number; state: string }[];
    expect(jobs[0]!.state).toBe('running');
    const resumed = synthlab(['--db', db, 'generate', '--resume', String(jobs[0]!.id), '--json']);
    expect(resumed.stderr).toBe('');
    const summary = JSON.parse(resumed.stdout);
    expect(summary).toMatchObject({ job: jobs[0]!.id, state: 'done' });
    expect(summary.variants + summary.failed).toBe(380 * 3);

    const d = new Database(db, { readonly: true });
    const perPost = d
      .prepare('SELECT p.id, count(v.id) AS n, count(DISTINCT v.model_id) AS m FROM posts p LEFT JOIN variants v ON v.post_id = p.id GROUP BY p.id')
      .all() as { n: number; m: number }[];
    d.close();
    expect(perPost).toHaveLength(380);
    expect(perPost.every((r) => r.n === 3 && r.m === 3)).toBe(true);
  }, 300_000);
});

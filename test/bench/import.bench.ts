/**
 * bench:import — imports 100,000 generated posts and compares SynthLab's validated,
 * all-or-nothing streaming import with a plain baseline (readline + JSON.parse + one bare
 * INSERT per post in one transaction, no validation, no labels). Each phase runs in its
 * own child process so its peak memory (max RSS) is its own.
 *
 *   npm run bench:import [-- --posts N] [-- --json]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { importFile } from '../../src-main/datasets/importer.js';
import { Store } from '../../src-main/store/store.js';
import { mulberry32 } from '../../src-main/util/random.js';
import { SAMPLE_CATEGORIES } from './sample-categories.js';

const WORDS =
  'the a my our just moved to new flat near work after years of rent and my sister says it is fine but honestly the commute is long so I am thinking about a bike or maybe a car if the salary goes up next spring when the exams end'.split(
    ' ',
  );

function generate(dir: string, n: number): { jsonl: string; csv: string } {
  const rand = mulberry32(42);
  const jsonl = path.join(dir, 'posts.jsonl');
  const csv = path.join(dir, 'posts.csv');
  const j = fs.openSync(jsonl, 'w');
  const c = fs.openSync(csv, 'w');
  fs.writeSync(c, 'id,text,labels\n');
  for (let i = 0; i < n; i++) {
    const len = 8 + Math.floor(rand() * 60);
    const words = Array.from({ length: len }, () => WORDS[Math.floor(rand() * WORDS.length)]);
    const text = `${words.join(' ')} #${i}`;
    const labels = SAMPLE_CATEGORIES.filter(() => rand() < 0.15);
    fs.writeSync(j, JSON.stringify({ id: `p${i}`, text, labels }) + '\n');
    fs.writeSync(c, `p${i},"${text}",${labels.join(';')}\n`);
  }
  fs.closeSync(j);
  fs.closeSync(c);
  return { jsonl, csv };
}

async function baseline(file: string, db: string): Promise<number> {
  const sqlite = new Database(db);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE posts (id INTEGER PRIMARY KEY, external_id TEXT, text TEXT)');
  const insert = sqlite.prepare('INSERT INTO posts (external_id, text) VALUES (?, ?)');
  let n = 0;
  sqlite.exec('BEGIN');
  for await (const line of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
    const r = JSON.parse(line) as { id: string; text: string };
    insert.run(r.id, r.text);
    n++;
  }
  sqlite.exec('COMMIT');
  sqlite.close();
  return n;
}

async function runPhase(phase: string, file: string, db: string): Promise<void> {
  const t0 = performance.now();
  let posts: number;
  if (phase === 'baseline') {
    posts = await baseline(file, db);
  } else {
    const store = Store.open(db);
    posts = (await importFile(store, file, { dataset: 'bench' })).posts;
    store.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  process.send!({ posts, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 });
}

interface PhaseResult {
  posts: number;
  seconds: number;
  maxRssMiB: number;
}

function child(phase: string, file: string, db: string): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const p = fork(fileURLToPath(import.meta.url), ['--phase', phase, file, db], { stdio: 'inherit' });
    p.once('message', (m) => resolve(m as PhaseResult));
    p.once('exit', (code) => code !== 0 && reject(new Error(`${phase} exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const phaseAt = args.indexOf('--phase');
  if (phaseAt !== -1) return runPhase(args[phaseAt + 1]!, args[phaseAt + 2]!, args[phaseAt + 3]!);
  const postsAt = args.indexOf('--posts');
  const n = postsAt !== -1 ? Number(args[postsAt + 1]) : 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-bench-'));
  try {
    const files = generate(dir, n);
    const rows: [string, PhaseResult, number][] = [];
    const base = await child('baseline', files.jsonl, path.join(dir, 'baseline.db'));
    rows.push(['baseline: readline + JSON.parse + bare INSERT', base, fs.statSync(files.jsonl).size]);
    rows.push([
      'synthlab import (JSONL)',
      await child('synthlab', files.jsonl, path.join(dir, 'jsonl.db')),
      fs.statSync(files.jsonl).size,
    ]);
    rows.push([
      'synthlab import (CSV)',
      await child('synthlab', files.csv, path.join(dir, 'csv.db')),
      fs.statSync(files.csv).size,
    ]);
    if (args.includes('--json')) {
      console.log(JSON.stringify({ posts: n, phases: rows.map(([name, r]) => ({ name, ...r })) }, null, 2));
      return;
    }
    console.log(
      `Import of ${n.toLocaleString('en')} generated posts (12 categories, ~15% label density), ${os.cpus().length} cores, Node ${process.version}\n`,
    );
    console.log('| phase | seconds | posts/s | MB/s | peak RSS (MiB) | vs baseline |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [name, r, bytes] of rows) {
      console.log(
        `| ${name} | ${r.seconds.toFixed(2)} | ${Math.round(r.posts / r.seconds).toLocaleString('en')} | ${(bytes / 1e6 / r.seconds).toFixed(1)} | ${r.maxRssMiB.toFixed(0)} | ${(r.seconds / base.seconds).toFixed(2)}× time |`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();

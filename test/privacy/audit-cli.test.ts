import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { AuditResultSchema, PII_CATEGORIES } from '../../src-main/contract/audit-schemas.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { Store } from '../../src-main/store/store.js';
import { STAND_IN_MODELS } from '../../src-main/test-models/stand-in-server.js';
import { synthlab } from '../helpers/cli.js';
import { startStandInProcess } from '../helpers/stand-in-process.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const TINY = ['tiny-llama2-chat', 'tiny-llama3-instruct', 'tiny-zephyr'];
const STAND_INS = Object.keys(STAND_IN_MODELS).map((id) => ({ id, name: id.split(' ')[0]! }));

describe('synthlab audit', () => {
  it('audits variants from real generation (the stand-in over HTTP; the gate rejects the tiny models), end to end', async () => {
    const standIn = await startStandInProcess();
    onTestFinished(() => standIn.stop());
    const dir = tmpDir();
    const db = path.join(dir, 'audit.db');
    const run = (...args: string[]) => synthlab(['--db', db, ...args]);
    const store = Store.open(db);
    await importFile(store, path.join(ROOT, 'resources/sample/posts.jsonl'), { dataset: 'sample' });
    store.close();
    // The tiny models are built once per machine and shared with the other tests.
    expect(run('models', 'add-tiny', '--dir', path.join(os.tmpdir(), 'synthlab-tiny-models')).code).toBe(0);
    for (const m of STAND_INS) expect(run('models', 'add', '--name', m.name, '--family', 'zephyr', '--endpoint', standIn.url, '--model', m.id).code).toBe(0);
    const gen = run(
      'generate',
      '--dataset',
      'sample',
      '--models',
      [...TINY, ...STAND_INS.map((m) => m.name)].join(','),
      '--limit',
      '20',
      '--threads',
      '1',
      '--max-tokens',
      '16',
      '--max-attempts',
      '1',
      '--json',
    );
    expect(gen.code).toBe(0);
    const generated = JSON.parse(gen.stdout) as { variants: number };
    expect(generated.variants).toBeGreaterThan(0);

    const res = run('audit', '--dataset', 'sample', '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const audit = JSON.parse(res.stdout);
    expect(AuditResultSchema.parse(audit)).toEqual(audit);
    expect(audit.audit).toBe(1);
    expect(audit.overall.variants).toBe(generated.variants);
    expect(audit.models.reduce((n: number, m: { variants: number }) => n + m.variants, 0)).toBe(generated.variants);
    // Only accepted variants are audited: the tiny models' word salad is not among them.
    expect(audit.models.map((m: { model: string }) => m.model).sort()).toEqual(STAND_INS.map((m) => m.name).sort());
    for (const m of audit.models) {
      expect(m).toMatchObject({ chance_top1: 1 / 380, chance_top5: 5 / 380, temperatures: [] });
      for (const key of ['linkage_top1', 'linkage_top5', 'closest_is_source', 'verbatim_share']) {
        expect(m[key]).toBeGreaterThanOrEqual(0);
        expect(m[key]).toBeLessThanOrEqual(1);
      }
      expect(m.mean_source_rank).toBeGreaterThanOrEqual(1);
      expect(m.mean_source_rank).toBeLessThanOrEqual(380);
      expect(Object.keys(m.pii_carryover)).toEqual([...PII_CATEGORIES]);
      expect(m.closest_histogram.reduce((a: number, b: number) => a + b, 0)).toBe(m.variants);
    }

    // A second audit with other parameters, exported as per-variant CSV, printed for people.
    const csv = path.join(dir, 'out', 'audit.csv');
    const human = run('audit', '--dataset', 'sample', '--min-run', '3', '--bins', '10', '--out', csv);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Audit 2 of "sample": \d+ variants ranked against 380 originals with TF-IDF/);
    expect(human.stdout).toMatch(/model\s+variants\s+top-1\s+top-5\s+mean rank/);
    expect(human.stdout).toMatch(/Verbatim: a shared run of 3\+ words/);
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^variant_id,source_id,post_id,model,family,temperature,sweep_id,source_rank,/);
    expect(lines).toHaveLength(generated.variants + 1);

    const shown = JSON.parse(run('audits', 'show', '2', '--json').stdout);
    expect(shown.params).toEqual({ min_run: 3, histogram_bins: 10, max_examples: 5, top_k: 5 });
    expect(shown.overall.closest_histogram).toHaveLength(10);
    const exported = run('audits', 'export', '1');
    expect(JSON.parse(exported.stdout)).toMatchObject({ audit: 1, models: audit.models });
  }, 120_000);

  it('exits 2 on usage errors and 1 when there is nothing to audit', async () => {
    const db = path.join(tmpDir(), 'audit.db');
    const store = Store.open(db);
    await importFile(store, path.join(ROOT, 'test/fixtures/good/bom-crlf.jsonl'), { dataset: 'd' });
    store.close();
    const run = (...args: string[]) => synthlab(['--db', db, ...args]);
    expect(run('audit', '--dataset', 'd', '--embedder', 'word2vec')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown embedder "word2vec"/),
    });
    expect(run('audit', '--dataset', 'nowhere')).toMatchObject({
      code: 1,
      stderr: 'synthlab: no dataset named "nowhere"\n',
    });
    expect(run('audit', '--dataset', 'd')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/dataset "d" has no successful variants to audit/),
    });
  });
});

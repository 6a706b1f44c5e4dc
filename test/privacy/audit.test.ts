import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditResultSchema, PII_CATEGORIES, type AuditResult } from '../../src-main/contract/audit-schemas.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { exportAudit } from '../../src-main/privacy/audit-export.js';
import { AuditRepo } from '../../src-main/privacy/audit-repo.js';
import { getAudit, listAudits, runAudit } from '../../src-main/privacy/audit.js';
import { tokenize } from '../../src-main/similarity/tfidf.js';
import { Store } from '../../src-main/store/store.js';
import type { NewVariant } from '../../src-main/store/variants-repo.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');

/** Deterministic pseudo-random numbers (mulberry32), so the word salad is the same every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words no sample post uses: made of syllables English does not put together. */
function wordSalad(next: () => number, words: number): string {
  const syllables = ['zq', 'xv', 'qj', 'vx', 'jz', 'kq', 'wx', 'fz'];
  return Array.from({ length: words }, () =>
    Array.from({ length: 3 }, () => syllables[Math.floor(next() * syllables.length)]).join(''),
  ).join(' ');
}

interface Workspace {
  dir: string;
  store: Store;
  posts: { id: number; external_id: string; text: string }[];
  result: AuditResult;
  /** The sweep's samples, audited on their own. */
  sweepResult: AuditResult;
}

/**
 * The sample dataset with variants of known answers: "copier" copies every source, "salad" writes
 * words from another vocabulary, "swapper" copies the next post instead of its own, "planter"
 * keeps some planted values of one post and changes others. The copier also has sweep samples:
 * copies at 0.5, word salad at 1.0.
 */
async function workspace(): Promise<Workspace> {
  // Shared by all the tests of this file, so not a tmpDir() (removed after each test).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-audit-'));
  const store = Store.open(path.join(dir, 'audit.db'));
  await importFile(store, SAMPLE, { dataset: 'sample' });
  const dataset = store.datasets.get('sample')!;
  const posts = store.db
    .prepare<[number], Workspace['posts'][number]>(
      'SELECT id, external_id, text FROM posts WHERE dataset_id = ? ORDER BY id',
    )
    .all(dataset.id);
  const model = (name: string) =>
    store.models.add({ name, family: 'zephyr', backend: 'gguf', gguf_path: '/x.gguf' }).id;
  const copier = model('copier');
  const salad = model('salad');
  const swapper = model('swapper');
  const planter = model('planter');
  const sweep = Number(
    store.db
      .prepare('INSERT INTO sweeps (dataset_id, embedder, sample_size, sample_seed) VALUES (?, ?, ?, ?)')
      .run(dataset.id, 'tfidf', 10, 1).lastInsertRowid,
  );
  const variant = (v: Partial<NewVariant> & Pick<NewVariant, 'post_id' | 'model_id' | 'text'>) =>
    store.variants.insert({
      job_id: null,
      sweep_id: null,
      replicate: 0,
      prompt_template_id: null,
      model_sha256: null,
      family: 'zephyr',
      temperature: 0.8,
      seed: 1,
      status: 'ok',
      failure_reason: null,
      attempts: 1,
      tokens_in: null,
      tokens_out: null,
      generation_ms: null,
      ...v,
    });
  const next = random(7);
  store.db.transaction(() => {
    posts.forEach((p, i) => {
      variant({ post_id: p.id, model_id: copier, text: p.text });
      variant({ post_id: p.id, model_id: salad, text: wordSalad(next, 25) });
      variant({ post_id: p.id, model_id: swapper, text: posts[(i + 1) % posts.length]!.text });
    });
    for (const p of posts.slice(0, 10)) {
      variant({ post_id: p.id, model_id: copier, sweep_id: sweep, temperature: 0.5, text: p.text });
      variant({ post_id: p.id, model_id: copier, sweep_id: sweep, temperature: 1, text: wordSalad(next, 25) });
    }
    const p0092 = posts.find((p) => p.external_id === 'p0092')!;
    // Source: "... run club in Bath? ... Text Helen on 07700 900412 or email bathchatpace@example.org."
    variant({
      post_id: p0092.id,
      model_id: planter,
      text: 'Join our Sunday walking group in York! Message Maria on +44 7700 900412 or BathChatPace@example.org.',
    });
    variant({
      post_id: p0092.id,
      model_id: planter,
      status: 'failed',
      text: null,
      failure_reason: 'length ratio 9.00 outside [0.3, 3]',
    });
  })();
  const result = await runAudit(store, { dataset: 'sample' });
  const sweepResult = await runAudit(store, { dataset: 'sample', variantSet: 'sweep', sweep });
  return { dir, store, posts, result, sweepResult };
}

describe('privacy audit', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await workspace();
  });
  afterAll(() => {
    ws?.store.close();
    if (ws) fs.rmSync(ws.dir, { recursive: true, force: true });
  });

  const model = (name: string) => ws.result.models.find((m) => m.model === name)!;

  it('links copies of their sources at rate 1 and flags them verbatim', () => {
    const copier = model('copier');
    // The copier's 380 generation variants: sweep samples are never mixed into the synthetic set.
    expect(copier.variants).toBe(380);
    expect(copier.temperatures).toEqual([]);
    // Audited on their own, the sweep's 10 + 10 samples are broken down by temperature.
    const sweepCopier = ws.sweepResult.models.find((m) => m.model === 'copier')!;
    expect(ws.sweepResult.variant_set).toMatchObject({ set: 'sweep', generated: 20, included: 20 });
    expect(sweepCopier.variants).toBe(20);
    const copies = sweepCopier.temperatures.find((t) => t.temperature === 0.5)!;
    expect(copies).toMatchObject({
      variants: 10,
      linkage_top1: 1,
      linkage_top5: 1,
      mean_source_rank: 1,
      closest_is_source: 1,
    });
    expect(copies.closest_histogram.at(-1)).toBe(10);
    expect(copies.verbatim_share).toBe(1);
    const rows = [...new AuditRepo(ws.store.db).rows(ws.result.audit)].filter(
      (r) => r.model === 'copier' && r.sweep_id === null,
    );
    expect(rows).toHaveLength(380);
    for (const r of rows) {
      expect(r).toMatchObject({ source_rank: 1, originals_above: 0, originals_tied: 0, closest_is_source: true });
      expect(r.source_similarity).toBeCloseTo(1, 5);
      expect(r.closest_source_id).toBe(r.source_id);
      const words = tokenize(ws.posts.find((p) => p.id === r.post_id)!.text).length;
      expect(r.longest_run).toBe(words);
      expect(r.verbatim).toBe(words >= 8);
    }
    // Every value found in a source is carried over by its copy.
    for (const c of PII_CATEGORIES) expect(copies.pii_carryover[c]).toBe(copies.pii_values[c]);
    expect(model('copier').pii_values.contact).toBeGreaterThan(0);
  });

  it('links word salad from another vocabulary exactly at chance', () => {
    const salad = model('salad');
    const n = ws.posts.length;
    expect(ws.result.originals).toBe(380);
    expect(salad).toMatchObject({
      variants: 380,
      chance_top1: 1 / n,
      chance_top5: 5 / n,
      closest_is_source: 0,
      verbatim_share: 0,
    });
    expect(salad.linkage_top1).toBeCloseTo(1 / n, 12);
    expect(salad.linkage_top5).toBeCloseTo(5 / n, 12);
    expect(salad.mean_source_rank).toBeCloseTo((n + 1) / 2, 9);
    expect(salad.closest_histogram[0]).toBe(380);
    expect(salad.pii_carryover_variants).toBe(0);
    const hot = ws.sweepResult.models[0]!.temperatures.find((t) => t.temperature === 1)!;
    expect(hot.linkage_top1).toBeCloseTo(1 / n, 12);
  });

  it('links a copy of another post to that post, not to its source', () => {
    const swapper = model('swapper');
    expect(swapper).toMatchObject({ linkage_top1: 0, closest_is_source: 0 });
    expect(swapper.mean_source_rank).toBeGreaterThan(5);
    expect(swapper.mean_closest_similarity).toBeCloseTo(1, 5);
    expect(swapper.closest_histogram.at(-1)).toBe(380);
  });

  it('reports planted PII that is carried over and not what was changed', () => {
    const planter = model('planter');
    // The failed variant is not audited.
    expect(planter.variants).toBe(1);
    expect(planter.pii_values).toMatchObject({ contact: 2, name: 1, location: 1 });
    expect(planter.pii_carryover).toMatchObject({ contact: 2, name: 0, location: 0, age: 0 });
    expect(planter.pii_examples).toEqual([
      { category: 'contact', kind: 'phone', value: '07700 900412', source_id: 'p0092', variant_id: expect.any(Number) },
      {
        category: 'contact',
        kind: 'email',
        value: 'bathchatpace@example.org',
        source_id: 'p0092',
        variant_id: expect.any(Number),
      },
    ]);
  });

  it('stores the audit with its embedder and parameters, and exports it as JSON and CSV', async () => {
    const { store, result } = ws;
    expect(AuditResultSchema.parse(result)).toEqual(result);
    expect(result.embedder).toMatch(/^tfidf:1-2gram:[0-9a-f]{12}$/);
    expect(result.params).toEqual({ min_run: 8, histogram_bins: 20, max_examples: 5, top_k: 5 });
    expect(result.overall.variants).toBe(380 * 3 + 1);
    expect(result.variant_set).toEqual({
      set: 'synthetic',
      sweep: null,
      generated: 380 * 3 + 2,
      gate_rejected: 1,
      review_rejected: 0,
      edited: 0,
      relabelled: 0,
      included: 380 * 3 + 1,
    });
    expect(getAudit(store, result.audit)).toEqual(result);
    expect(listAudits(store, 'sample')[1]).toEqual({
      audit: result.audit,
      dataset: 'sample',
      embedder: result.embedder,
      variants: 1141,
      models: ['copier', 'planter', 'salad', 'swapper'],
      variant_set: result.variant_set,
      created_at: result.created_at,
    });
    expect(listAudits(store, 'other')).toEqual([]);

    const dir = tmpDir();
    const json = await exportAudit(store, result.audit, 'json', path.join(dir, 'audit.json'));
    expect(json.rows).toBe(1141);
    const report = JSON.parse(fs.readFileSync(json.file, 'utf8'));
    expect(report.models).toEqual(result.models);
    expect(report.variants).toHaveLength(1141);

    const csv = await exportAudit(store, result.audit, 'csv', path.join(dir, 'audit.csv'));
    const lines = parse(fs.readFileSync(csv.file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(lines).toHaveLength(1141);
    const planted = lines.find((l) => l.model === 'planter')!;
    expect(planted).toMatchObject({ source_id: 'p0092', model: 'planter', sweep_id: '' });
    expect(JSON.parse(planted.pii_carried!)).toEqual([
      { category: 'contact', kind: 'phone', value: '07700 900412' },
      { category: 'contact', kind: 'email', value: 'bathchatpace@example.org' },
    ]);
  });
});

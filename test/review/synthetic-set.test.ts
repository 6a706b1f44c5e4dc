/**
 * The synthetic set end to end, through the API the workbench calls (createHandlers + dispatch,
 * jobs in worker threads): review decisions decide what experiments, the audit, exports, the
 * report and the release use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/api/dispatch.js';
import { createHandlers } from '../../src-main/api/handlers.js';
import { JobRunner } from '../../src-main/api/job-runner.js';
import { testPostsOf } from '../../src-main/classify/dataset-examples.js';
import { decodeClassifier } from '../../src-main/classify/model-blob.js';
import { ClassifierRunRepo } from '../../src-main/classify/runs-repo.js';
import type { ProcOutput } from '../../src-main/contract/contract.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { createGenerationJob } from '../../src-main/generate/generation-job.js';
import { currentRephraseTemplate } from '../../src-main/generate/prompt.js';
import { auditRows } from '../../src-main/privacy/audit.js';
import { Store } from '../../src-main/store/store.js';
import { createSweep } from '../../src-main/sweep/sweep-job.js';
import { synthlab } from '../helpers/cli.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');
const SHA = { alpha: 'a'.repeat(64), beta: 'b'.repeat(64) } as const;

let runner: JobRunner | undefined;
let store: Store | undefined;
afterEach(async () => {
  await runner?.close();
  store?.close();
  runner = undefined;
  store = undefined;
});

interface Post {
  id: number;
  externalId: string;
  text: string;
  labels: string[];
}

/**
 * The sample dataset with one finished generation job of two models over ten posts (five held out
 * for testing by the experiments' split, five not): 20 variants that passed the gate, 2 the gate
 * rejected, and a sweep before it with 4 samples that must never be mixed in.
 */
async function workspace() {
  const dir = tmpDir();
  const db = path.join(dir, 'set.db');
  store = Store.open(db);
  await importFile(store, SAMPLE, { dataset: 'sample' });
  const s = store;
  const dataset = s.datasets.get('sample')!;
  const posts: Post[] = [...s.posts.iterateLabelled(dataset.id)];
  const held = testPostsOf(
    posts.map((p) => ({ group: p.id, text: p.text, labels: p.labels })),
    0.2,
    1,
  );
  const test = posts.filter((p) => held.has(p.id) && p.labels.length).slice(0, 5);
  const train = posts.filter((p) => !held.has(p.id) && p.labels.length).slice(0, 5);
  const spare = posts.find((p) => !test.includes(p) && !train.includes(p))!;
  const models = (['alpha', 'beta'] as const).map((name) =>
    s.models.add({
      name,
      family: 'zephyr',
      backend: 'gguf',
      gguf_path: `/models/${name}.gguf`,
      file_sha256: SHA[name],
    }),
  );

  // A finished sweep that chose 0.7 for alpha, with samples at 0.5 and 1.0.
  const { sweepId: sweep, jobId: sweepJob } = createSweep(s, {
    dataset: 'sample',
    datasetId: dataset.id,
    models: models.map((m) => ({ modelId: m.id, name: m.name })),
    promptTemplateId: currentRephraseTemplate(s).id,
    sampleSize: 2,
    temperatures: [0.5, 1.0],
  });
  s.jobs.setState(sweepJob, 'done');
  s.db.prepare(`UPDATE sweeps SET state = 'done' WHERE id = ?`).run(sweep);
  s.db
    .prepare(
      'INSERT INTO sweep_points (sweep_id, model_id, temperature, n, failed, mean, chosen) VALUES (?, ?, 0.7, 2, 0, 0.3, 1)',
    )
    .run(sweep, models[0]!.id);
  const job = createGenerationJob(s, {
    dataset: 'sample',
    datasetId: dataset.id,
    models: [
      { modelId: models[0]!.id, name: 'alpha', temperature: 0.7 },
      { modelId: models[1]!.id, name: 'beta', temperature: 0.9 },
    ],
    promptTemplateId: currentRephraseTemplate(s).id,
  });
  s.jobs.setState(job.id, 'done');
  const insert = (
    post: Post,
    m: number,
    o: { job?: number; sweep?: number; temperature: number; text: string | null; replicate?: number },
  ) =>
    s.variants.insert({
      post_id: post.id,
      model_id: models[m]!.id,
      job_id: o.job ?? null,
      sweep_id: o.sweep ?? null,
      replicate: o.replicate ?? 0,
      prompt_template_id: currentRephraseTemplate(s).id,
      model_sha256: SHA[m ? 'beta' : 'alpha'],
      family: 'zephyr',
      temperature: o.temperature,
      seed: 7,
      status: o.text === null ? 'failed' : 'ok',
      text: o.text,
      failure_reason: o.text === null ? 'refusal' : null,
      attempts: 1,
      tokens_in: 10,
      tokens_out: 10,
      generation_ms: 5,
    });
  const variants = new Map<string, number>();
  for (const p of [...test, ...train]) {
    for (const m of [0, 1]) {
      // Model texts: bland, marked so a trained vocabulary shows which text it learned from.
      const id = insert(p, m, {
        job: job.id,
        temperature: m ? 0.9 : 0.7,
        text: `A calm note about daily life number ${p.id} zqmodel${m}`,
      });
      variants.set(`${p.id}:${m}`, id);
    }
  }
  insert(spare, 0, { job: job.id, temperature: 0.7, text: null });
  insert(spare, 1, { job: job.id, temperature: 0.9, text: null });
  insert(test[0]!, 0, { sweep, temperature: 0.5, text: 'sweep sample one zqsweep' });
  insert(test[0]!, 0, { sweep, temperature: 1.0, text: 'sweep sample two zqsweep' });
  insert(train[0]!, 0, { sweep, temperature: 0.5, text: 'sweep sample three zqsweep' });
  insert(train[0]!, 0, { sweep, temperature: 1.0, text: null });

  runner = new JobRunner(s);
  const handlers = createHandlers({ store: s, runner, modelsDir: path.join(dir, 'models') });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies of many shapes, checked below
  const call = async (name: string, payload: unknown): Promise<any> => {
    const r = await dispatch(handlers, name, payload);
    if (!r.ok) throw new Error(r.error);
    return r.result;
  };
  const finished = async (job: number) => {
    for (;;) {
      const j = (await call('jobs.get', { id: job })) as ProcOutput<'jobs.get'>;
      if (j.state === 'done') return j;
      if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`job ${job} ${j.state}: ${j.error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    dir,
    db,
    call,
    finished,
    test,
    train,
    variants,
    sweep,
    job,
    categories: s.datasets.categories(dataset.id).map((c) => c.name),
  };
}

describe('the synthetic set', () => {
  it('is what review accepted: audit, experiment, export, report and release use it, with its counts', async () => {
    const w = await workspace();
    const { call, test, train, variants: v } = w;
    const id = (p: Post, m: number) => v.get(`${p.id}:${m}`)!;

    // Review: ana rejects four, accepts one that ben rejects (any reject excludes: five out).
    for (const [p, m] of [
      [test[1]!, 0],
      [test[2]!, 1],
      [train[1]!, 0],
      [train[2]!, 1],
    ] as const)
      await call('review.decide', { variantId: id(p, m), annotator: 'ana', decision: 'reject' });
    await call('review.decide', { variantId: id(train[3]!, 0), annotator: 'ana', decision: 'accept' });
    await call('review.decide', { variantId: id(train[3]!, 0), annotator: 'ben', decision: 'reject' });
    // An edit that copies its source (so the audit must see a verbatim run) plus a marker, on both
    // variants of a training post; a relabel of a held-out variant to a category its source lacks.
    const edited = `${train[0]!.text} zqedit`;
    for (const m of [0, 1])
      await call('review.decide', {
        variantId: id(train[0]!, m),
        annotator: 'ana',
        decision: 'edit',
        editedText: edited,
      });
    const newCategory = w.categories.find((c) => !test[0]!.labels.includes(c))!;
    await call('review.decide', {
      variantId: id(test[0]!, 1),
      annotator: 'ana',
      decision: 'relabel',
      labels: [newCategory],
    });

    const expected = {
      set: 'synthetic',
      sweep: null,
      generated: 22,
      gate_rejected: 2,
      review_rejected: 5,
      edited: 2,
      relabelled: 1,
      included: 15,
    };
    expect(await call('synthetic.counts', { dataset: 'sample' })).toEqual(expected);
    expect(await call('synthetic.counts', { dataset: 'sample', variantSet: 'all-generated' })).toEqual({
      ...expected,
      set: 'all-generated',
      edited: 0,
      relabelled: 0,
      included: 20,
    });
    const disagreements = await call('review.disagreements', { dataset: 'sample' });
    expect(disagreements).toMatchObject({ shared: 1, disagreements: [{ variant: id(train[3]!, 0), included: false }] });

    // The review queue's badges describe the edited text: similarity to the source near 1, a long verbatim run.
    const page = await call('review.queue', { dataset: 'sample', annotator: 'ana', post: train[0]!.externalId });
    const queued = page.items[0].variants[0];
    expect(queued).toMatchObject({ currentText: edited, inSet: true });
    expect(queued.similarity).toBeGreaterThan(0.9);
    expect(queued.verbatimRun).toBe(train[0]!.text.split(/\s+/).length);
    const rejectedCard = (
      await call('review.queue', { dataset: 'sample', annotator: 'ana', post: train[3]!.externalId })
    ).items[0].variants[0];
    expect(rejectedCard).toMatchObject({ inSet: false, decision: { decision: 'accept' } });

    // The audit: 15 variants, no sweep sample, the edit audited as written by the reviewer.
    const { job: auditJob } = await call('audits.start', { dataset: 'sample' });
    const auditId = (await w.finished(auditJob)).params.audit as number;
    const audit = await call('audits.get', { id: auditId });
    expect(audit.variant_set).toEqual(expected);
    expect(audit.overall.variants).toBe(15);
    const rows = [...auditRows(store!, auditId)];
    expect(rows).toHaveLength(15);
    expect(rows.every((r) => r.sweep_id === null)).toBe(true);
    const editedRow = rows.find((r) => r.variant_id === id(train[0]!, 0))!;
    expect(editedRow).toMatchObject({ edited: true, verbatim: true });
    expect(rows.find((r) => r.variant_id === id(test[1]!, 0))).toBeUndefined();

    // Sweep samples are audited on their own, per temperature.
    const { job: sweepJob } = await call('audits.start', { dataset: 'sample', variantSet: 'sweep' });
    const sweepAudit = await call('audits.get', { id: (await w.finished(sweepJob)).params.audit });
    expect(sweepAudit.variant_set).toEqual({
      set: 'sweep',
      sweep: w.sweep,
      generated: 4,
      gate_rejected: 1,
      review_rejected: 0,
      edited: 0,
      relabelled: 0,
      included: 3,
    });
    expect(
      sweepAudit.models[0].temperatures.map((t: { temperature: number; variants: number }) => [
        t.temperature,
        t.variants,
      ]),
    ).toEqual([
      [0.5, 2],
      [1, 1],
    ]);
    await expect(
      call('audits.start', { dataset: 'sample', variantSet: 'synthetic', sweep: w.sweep }),
    ).resolves.toBeDefined();

    // The experiment trains and tests on the 15 (no validation share, so train + test is everything).
    const { job: expJob } = await call('experiments.start', {
      dataset: 'sample',
      epochs: 2,
      validationShare: 0,
      termSelection: 'none',
    });
    const experimentId = (await w.finished(expJob)).params.experiment as number;
    const experiment = await call('experiments.get', { id: experimentId });
    expect(experiment.variant_set).toEqual(expected);
    const c = experiment.runs.find((r: { experiment: string }) => r.experiment === 'c');
    expect(c.train_size + c.test_size).toBe(15);
    // Trained on the edit's text, not the model's: the synthetic head's vocabulary shows which.
    const runs = new ClassifierRunRepo(store!.db);
    const { encoder } = decodeClassifier(runs.modelBlob(c.run)!);
    if (encoder.kind !== 'tfidf') throw new Error('expected TF-IDF');
    expect(encoder.terms).toContain('zqedit');
    expect(encoder.terms.filter((t) => t.startsWith('zqsweep'))).toEqual([]);
    // The relabel is what retention checks against: the held-out variants that carry the new category.
    const heldOut = test
      .flatMap((p) => [0, 1].map((m) => ({ p, m })))
      .filter(({ p, m }) => ![`${test[1]!.id}:0`, `${test[2]!.id}:1`].includes(`${p.id}:${m}`));
    const carrying = heldOut.filter(({ p, m }) =>
      p === test[0] && m === 1 ? true : p.labels.includes(newCategory),
    ).length;
    const retention = experiment.retention.find(
      (r: { source: string; category: string }) => r.source === 'synthetic:all' && r.category === newCategory,
    );
    expect(retention.sources).toBe(carrying);
    expect(retention.sources + retention.others).toBe(heldOut.length);

    // Exports: the synthetic set by default (edited text, relabelled labels), all generated on request.
    const out = path.join(w.dir, 'variants.jsonl');
    const exported = await call('datasets.export', { dataset: 'sample', format: 'jsonl', kind: 'variants', file: out });
    expect(exported).toMatchObject({ rows: 15, variant_set: expected });
    const lines = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.id === `v${id(train[0]!, 0)}`)).toMatchObject({
      text: edited,
      edited: true,
      model_text: expect.stringContaining('zqmodel0'),
    });
    expect(lines.find((l) => l.id === `v${id(test[0]!, 1)}`)).toMatchObject({
      labels: [newCategory],
      relabelled: true,
    });
    const all = await call('datasets.export', {
      dataset: 'sample',
      format: 'csv',
      kind: 'variants',
      file: path.join(w.dir, 'all.csv'),
      variantSet: 'all-generated',
    });
    expect(all).toMatchObject({ rows: 20, variant_set: { set: 'all-generated', included: 20 } });

    // The report states the set and its counts, beside each result.
    const report = await call('reports.create', { dataset: 'sample', file: path.join(w.dir, 'report.html') });
    const html = fs.readFileSync(report.file, 'utf8');
    expect(html).toContain('The synthetic set</h2>');
    expect(html).toMatch(/<td>rejected in review<\/td><td class="n">5<\/td>/);
    expect(html).toMatch(/<td>included<\/td><td class="n">15<\/td>/);
    expect(html.match(/Variants: the synthetic set: 15 of 22 generated variants\./g)).toHaveLength(2);

    // The release: JSONL, CSV and the card, which states the set, its counts and what was run on it.
    const release = await call('release.create', { dataset: 'sample', dir: path.join(w.dir, 'release') });
    expect(release).toMatchObject({ counts: expected, audit: auditId, experiment: experimentId });
    const card = fs.readFileSync(path.join(w.dir, 'release', 'DATASET_CARD.md'), 'utf8');
    expect(card).toContain('This release is the synthetic set: 15 of 22 generated variants.');
    expect(card).toContain('| included | 15 |');
    expect(card).toContain('| rejected by the reply gate | 2 |');
    expect(card).toContain(
      `| alpha | zephyr | ${SHA.alpha} | 0.7 | chosen by temperature sweep ${w.sweep} (lowest mean similarity) | ${w.job.id} | `,
    );
    expect(card).toContain(`| beta | zephyr | ${SHA.beta} | 0.9 | set by hand | ${w.job.id} | `);
    expect(card).toContain('| refusal | 2 |');
    expect(card).toContain(`Audit ${auditId} `);
    expect(card).toContain(`Experiment ${experimentId}:`);
    expect(card).toContain('1 of 1 variants decided by two or more annotators have differing latest decisions');
    expect(card).not.toContain('zqmodel0'); // an edited variant's model text is not released
    const released = fs.readFileSync(path.join(w.dir, 'release', 'synthetic.jsonl'), 'utf8');
    expect(released).not.toContain(`A calm note about daily life number ${train[0]!.id} zqmodel`);

    // After another decision, the card says its audit and experiment are out of date.
    await call('review.decide', { variantId: id(test[3]!, 0), annotator: 'ana', decision: 'reject' });
    await call('release.create', { dataset: 'sample', dir: path.join(w.dir, 'release') });
    expect(fs.readFileSync(path.join(w.dir, 'release', 'DATASET_CARD.md'), 'utf8')).toMatch(
      /It was computed on 15 variants .*run it again before publishing/,
    );
    store!.close();
    store = undefined;
    await runner!.close();
    runner = undefined;

    // `synthlab release` and `synthlab import`: both files import back with the same texts and labels.
    const dir = path.join(w.dir, 'cli-release');
    const cli = synthlab(['--db', w.db, 'release', '--dataset', 'sample', '--out', dir, '--json']);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout).counts).toMatchObject({ included: 14, review_rejected: 6 });
    const want = fs
      .readFileSync(path.join(dir, 'synthetic.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string; labels: string[] })
      .map((r) => [r.id, r.text, [...r.labels].sort()]);
    expect(want).toHaveLength(14);
    expect(want).toContainEqual([`v${id(train[0]!, 0)}`, edited, [...train[0]!.labels].sort()]);
    expect(want).toContainEqual([`v${id(test[0]!, 1)}`, expect.any(String), [newCategory]]);
    // The CLI's --variant-set: an export of all generated variants, and an audit of the sweep's samples alone.
    const allOut = path.join(w.dir, 'all.jsonl');
    const exportAll = synthlab([
      '--db',
      w.db,
      'export',
      '--dataset',
      'sample',
      '--variants',
      '--variant-set',
      'all-generated',
      '--out',
      allOut,
      '--json',
    ]);
    expect(exportAll.stderr).toBe('');
    expect(JSON.parse(exportAll.stdout)).toMatchObject({
      rows: 20,
      variant_set: { set: 'all-generated', included: 20 },
    });
    const sweepCli = synthlab(['--db', w.db, 'audit', '--dataset', 'sample', '--variant-set', 'sweep']);
    expect(sweepCli.stderr).toBe('');
    expect(sweepCli.stdout).toContain(`Variants: the samples of temperature sweep ${w.sweep}: 3 of 4 samples`);
    expect(sweepCli.stdout).toMatch(/^ {2}sweep at 0\.5\s+2\s/m);
    for (const file of ['synthetic.jsonl', 'synthetic.csv']) {
      const name = `back-${file.replace('.', '-')}`;
      const imported = synthlab(['--db', w.db, 'import', path.join(dir, file), '--dataset', name, '--json']);
      expect(imported.stderr).toBe('');
      expect(JSON.parse(imported.stdout)).toMatchObject({ posts: 14, new: 14 });
      const back = Store.open(w.db);
      const got = [...back.posts.iterateLabelled(back.datasets.get(name)!.id)].map((p) => [
        p.externalId,
        p.text,
        [...p.labels].sort(),
      ]);
      back.close();
      expect(got.sort()).toEqual([...want].sort());
    }
  }, 120_000);

  it('refuses a sweep with another set, an unknown sweep, and a release of an empty set', async () => {
    const w = await workspace();
    await expect(w.call('synthetic.counts', { dataset: 'sample', sweep: w.sweep })).rejects.toThrow(
      `a sweep (${w.sweep}) goes only with the variant set "sweep", not "synthetic"`,
    );
    await expect(w.call('synthetic.counts', { dataset: 'sample', variantSet: 'sweep', sweep: 999 })).rejects.toThrow(
      'no sweep 999',
    );
    await expect(w.call('synthetic.counts', { dataset: 'nope' })).rejects.toThrow('no dataset named "nope"');
    for (const variantId of w.variants.values())
      await w.call('review.decide', { variantId, annotator: 'ana', decision: 'reject' });
    await expect(w.call('release.create', { dataset: 'sample', dir: path.join(w.dir, 'r') })).rejects.toThrow(
      'the synthetic set of "sample" is empty (22 generated, 2 rejected by the gate, 20 rejected in review): nothing to release',
    );
    const cli = synthlab(['--db', w.db, 'audit', '--dataset', 'sample', '--sweep', '1']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('--sweep goes with --variant-set sweep');
  });
});

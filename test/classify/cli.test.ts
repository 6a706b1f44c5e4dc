import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src-main/cli/main.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { Store } from '../../src-main/store/store.js';
import { synthlab } from '../helpers/cli.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');

async function sampleDb(): Promise<string> {
  const db = path.join(tmpDir(), 'cli.db');
  const store = Store.open(db);
  await importFile(store, SAMPLE, { dataset: 'sample' });
  store.close();
  return db;
}

describe('synthlab train', () => {
  it('prints the documented JSON with --json and a table otherwise', async () => {
    const db = await sampleDb();
    const r = synthlab(['--db', db, 'train', '--dataset', 'sample', '--seed', '3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    for (const key of ['macro_f1', 'micro_f1', 'weighted_f1', 'subset_accuracy', 'hamming_loss', 'seconds'])
      expect(typeof result[key]).toBe('number');
    expect(result.categories).toHaveLength(12);
    for (const c of result.categories) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(['name', 'precision', 'recall', 'f1', 'support', 'train_support', 'few_examples']),
      );
      // Undefined is null, never NaN or a 0 standing in for it.
      for (const key of ['precision', 'recall', 'f1']) expect(c[key] === null || typeof c[key] === 'number').toBe(true);
    }
    expect(result).toMatchObject({
      dataset: 'sample',
      train_source: 'original',
      head: 'linear',
      test_size: 76,
      method: 'TF-IDF + logistic regression (L-BFGS, C by 3-fold CV)',
      history: [],
      seed: 3,
      fit: { c_choice: 'cv', folds: 3 },
    });
    expect(result.fit.c).toHaveLength(12);
    expect(result.thresholds).toEqual(result.fit.thresholds);

    const human = synthlab([
      '--db',
      db,
      'train',
      '--dataset',
      'sample',
      '--epochs',
      '2',
      '--head',
      'mlp',
      '--hidden',
      '8',
      '--pos-weight',
      'balanced',
      '--term-selection',
      'none',
    ]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^Run \d+: TF-IDF \+ trained MLP head \(8 hidden units\) \(AdamW, 2 epochs, batch 8, weight decay 0\.01\)\ntrained on original/,
    );
    expect(human.stdout).not.toMatch(/tfidf:1-2gram/);
    expect(human.stdout).toMatch(/^physical_appearance\s+(\d\.\d{3}|n\/a)\s+\d\.\d{3}\s+\d\.\d{3}\s+8\s+\d+/m);
    expect(human.stdout).toMatch(
      /macro F1 \d\.\d{3}( over \d+ of 12 categories \(not evaluable, left out: [^)]+\))? {3}micro F1/,
    );
  });

  it('trains from JSONL files', () => {
    const dir = tmpDir();
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify(
          i % 2
            ? { text: `my son turned ${i} today`, labels: ['age', 'family'] }
            : { text: `work at the bank ${i}`, labels: ['occupation'] },
        ),
      ).join('\n');
    fs.writeFileSync(path.join(dir, 'train.jsonl'), rows(30));
    fs.writeFileSync(path.join(dir, 'test.jsonl'), rows(6));
    const r = synthlab([
      '--db',
      path.join(dir, 'f.db'),
      'train',
      '--train',
      path.join(dir, 'train.jsonl'),
      '--test',
      path.join(dir, 'test.jsonl'),
      '--epochs',
      '20',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const trained = JSON.parse(r.stdout) as { run: number; thresholds: number[] };
    expect(trained).toMatchObject({ dataset: null, test_size: 6, macro_f1: 1 });

    // The stored run labels new text, given on the command line, as lines of text or as JSONL.
    fs.writeFileSync(path.join(dir, 'new.txt'), 'my son turned 7 today\n\nwork at the bank 9\n');
    fs.writeFileSync(path.join(dir, 'new.jsonl'), JSON.stringify({ text: 'work at the bank 12' }) + '\n');
    const p = synthlab([
      '--db',
      path.join(dir, 'f.db'),
      'predict',
      '--run',
      String(trained.run),
      '--text',
      'my son turned 40 today',
      '--file',
      path.join(dir, 'new.txt'),
      '--json',
    ]);
    expect(p.code, p.stderr).toBe(0);
    const report = JSON.parse(p.stdout) as {
      run: number;
      categories: string[];
      thresholds: number[];
      predictions: { text: string; labels: string[]; scores: Record<string, number> }[];
    };
    expect(report).toMatchObject({ run: trained.run, categories: ['occupation', 'age', 'family'] });
    // The thresholds tuned out of fold in training are the ones that predict.
    expect(report.thresholds).toEqual(trained.thresholds);
    expect(report.predictions.map((x) => [x.text, x.labels])).toEqual([
      ['my son turned 40 today', ['age', 'family']],
      ['my son turned 7 today', ['age', 'family']],
      ['work at the bank 9', ['occupation']],
    ]);
    for (const x of report.predictions)
      for (const c of report.categories) expect(x.scores[c]! >= 0.5).toBe(x.labels.includes(c));
    const human = synthlab([
      '--db',
      path.join(dir, 'f.db'),
      'predict',
      '--run',
      String(trained.run),
      '--file',
      path.join(dir, 'new.jsonl'),
    ]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^work at the bank 12\s+occupation\s+(0|1)\.\d\d\s+0\.\d\d\s+0\.\d\d/m);
  });

  it('prints an undefined F1 as n/a, says the category is not evaluable and leaves it out of macro F1', () => {
    const dir = tmpDir();
    const lines = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');
    const work = (i: number) => ({ text: `work at the bank ${i}`, labels: ['occupation'] });
    const age = (i: number) => ({ text: `my son turned ${i} today`, labels: ['age'] });
    // "pet" is in training only, in words no test text uses: no test example, never predicted.
    const pet = { text: 'the dog barks loudly', labels: ['pet'] };
    const train = Array.from({ length: 36 }, (_, i) => (i % 3 === 0 ? work(i) : i % 3 === 1 ? age(i) : pet));
    fs.writeFileSync(path.join(dir, 'train.jsonl'), lines(train));
    fs.writeFileSync(path.join(dir, 'test.jsonl'), lines([work(100), work(101), age(102)]));
    const args = ['--db', path.join(dir, 'u.db'), 'train', '--train', path.join(dir, 'train.jsonl')];
    const r = synthlab([...args, '--test', path.join(dir, 'test.jsonl')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^pet\s+n\/a\s+n\/a\s+n\/a\s+0\s+12\s+.*not evaluable: no test example, never predicted/m);
    // Both evaluable categories are right on all three test texts: macro F1 (1 + 1) / 2.
    expect(r.stdout).toMatch(/macro F1 1\.000 over 2 of 3 categories \(not evaluable, left out: pet\)/);
    const json = JSON.parse(synthlab([...args, '--test', path.join(dir, 'test.jsonl'), '--json']).stdout);
    expect(json.not_evaluable).toEqual(['pet']);
    expect(json.categories[2]).toMatchObject({ name: 'pet', precision: null, recall: null, f1: null, support: 0 });
  });

  it('exits 2 on bad usage and 1 on failures, with the reason', async () => {
    const db = await sampleDb();
    // In process: each case costs a CLI start-up otherwise.
    const run = async (args: readonly string[]) => {
      let stderr = '';
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        stderr += String(chunk);
        return true;
      });
      try {
        return { code: await runCli(['--db', db, ...args]), stderr };
      } finally {
        spy.mockRestore();
      }
    };
    const usage = [
      [['train'], /give --dataset NAME, or both --train FILE and --test FILE/],
      [['train', '--dataset', 'sample', '--train', 'a.jsonl'], /give either --dataset or --train\/--test, not both/],
      [['train', '--train', 'a.jsonl', '--test', 'b.jsonl', '--source', 'original'], /--source needs --dataset/],
      [['train', '--dataset', 'sample', '--lr', '-1'], /--lr: Too small/],
      [['train', '--dataset', 'sample', '--epochs', 'many'], /--epochs: "many" is not a number/],
      [['train', '--dataset', 'sample', '--pos-weight', 'lots'], /--pos-weight:/],
      [['train', '--dataset', 'sample', '--term-selection', '2'], /--term-selection:/],
      [['train', '--dataset', 'sample', '--term-selection', 'some'], /--term-selection:/],
      [['train', '--dataset', 'sample', '--validation', '1'], /--validation: Too big/],
      [['train', '--dataset', 'sample', '--encoder', 'bert'], /--encoder: use tfidf or onnx:DIR/],
      [['train', '--dataset', 'sample', '--head', 'tree'], /Allowed choices are linear, mlp/],
      [['train', '--dataset', 'sample', '--solver', 'sgd'], /Allowed choices are lbfgs, adamw/],
      [['train', '--dataset', 'sample', '--c', '0'], /--c: Too small/],
      [['train', '--dataset', 'sample', '--c', 'lots'], /--c:/],
      [['train', '--dataset', 'sample', '--cv-folds', '1'], /--cv-folds: Too small/],
      [
        ['train', '--dataset', 'sample', '--head', 'mlp', '--solver', 'lbfgs'],
        /solver lbfgs fits the linear head only/,
      ],
      [['predict', '--text', 'hello'], /required option '--run <id>' not specified/],
      [['predict', '--run', 'first', '--text', 'hello'], /--run: "first" is not a run id/],
      [['predict', '--run', '1'], /give --text TEXT \(repeatable\) or --file FILE/],
    ] as const;
    for (const [args, message] of usage) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const failures = [
      [['train', '--dataset', 'nope'], /no dataset named "nope"/],
      [
        ['train', '--dataset', 'sample', '--source', 'synthetic:zephyr'],
        /no variants from a model "zephyr" \(models with variants: none\)/,
      ],
      [['train', '--dataset', 'sample', '--source', 'elsewhere'], /unknown source "elsewhere"/],
      [['train', '--train', 'missing.jsonl', '--test', 'missing.jsonl'], /missing\.jsonl/],
      [['experiment', '--dataset', 'sample'], /dataset "sample" has no variants yet/],
      [['predict', '--run', '99', '--text', 'hello'], /no classifier run 99/],
      [['predict', '--run', '1', '--file', 'missing.txt'], /missing\.txt/],
    ] as const;
    for (const [args, message] of failures) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

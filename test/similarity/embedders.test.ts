import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/datasets/importer.js';
import { parseEmbedderSpec } from '../../src-main/similarity/embedder.js';
import { openEmbedder } from '../../src-main/similarity/open-embedder.js';
import { cudaProviderInstalled } from '../../src-main/similarity/onnx-embedder.js';
import { cosine, norm } from '../../src-main/similarity/vectors.js';
import { Store } from '../../src-main/store/store.js';
import { tinyEncoders, tinyModels } from '../helpers/models.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

async function workspace() {
  const store = Store.open(path.join(tmpDir(), 'e.db'));
  await importFile(store, path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), { dataset: 'sample' });
  return { store, datasetId: store.datasets.get('sample')!.id };
}

const texts = ['I moved to Leeds with my wife last May.', 'Just relocated to Bristol with my husband in June.', 'Best pizza dough needs a long cold rise.'];

describe('embedders through their real loading code', () => {
  it('parses embedder specs', () => {
    expect(parseEmbedderSpec('tfidf')).toEqual({ kind: 'tfidf' });
    expect(parseEmbedderSpec('onnx:/m/x')).toEqual({ kind: 'onnx', dir: '/m/x' });
    expect(parseEmbedderSpec('gguf:a.gguf')).toEqual({ kind: 'gguf', file: 'a.gguf' });
    expect(() => parseEmbedderSpec('bert')).toThrow(/unknown embedder "bert": use tfidf, onnx:DIR or gguf:FILE/);
  });

  it('TF-IDF is fitted on the dataset and gives unit vectors', async () => {
    const { store, datasetId } = await workspace();
    const e = await openEmbedder(store, { kind: 'tfidf' }, datasetId);
    expect(e.id).toMatch(/^tfidf:1-2gram:[0-9a-f]{12}$/);
    const [a, b] = await e.embed([texts[0]!, texts[0]!]);
    expect(cosine(a!, b!)).toBeCloseTo(1, 6);
    expect(norm(a!)).toBeCloseTo(1, 6);
    store.close();
  });

  it.each(['bert', 'roberta'] as const)('loads the tiny %s ONNX encoder through transformers.js, batches and caches', async (kind) => {
    const { store, datasetId } = await workspace();
    const dir = (await tinyEncoders())[kind];
    const e = await openEmbedder(store, { kind: 'onnx', dir }, datasetId, 1);
    // The default device is 'auto': CUDA only where onnxruntime-node's CUDA provider is installed.
    expect(e.description).toMatch(cudaProviderInstalled() ? /\(mean pooling, CUDA\)$/ : /\(mean pooling, CPU\)$/);
    const vs = await e.embed(texts);
    expect(vs).toHaveLength(3);
    for (const v of vs) expect(norm(v)).toBeCloseTo(1, 4);
    expect(cosine(vs[0]!, vs[0]!)).toBeCloseTo(1, 5);
    const cached = store.db.prepare('SELECT count(*) FROM embeddings WHERE embedder = ?').pluck().get(e.id);
    expect(cached).toBe(3);
    // Same texts alone, from the cache and recomputed in a new batch, give the same vectors.
    const again = await e.embed([texts[2]!]);
    expect(cosine(again[0]!, vs[2]!)).toBeCloseTo(1, 5);
    await e.dispose();
    store.close();
  });

  it('names what is missing from a broken ONNX model folder', async () => {
    const { store, datasetId } = await workspace();
    const dir = path.join(tmpDir(), 'broken');
    fs.cpSync((await tinyEncoders()).bert, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'tokenizer.json'));
    fs.rmSync(path.join(dir, 'onnx', 'model.onnx'));
    await expect(openEmbedder(store, { kind: 'onnx', dir }, datasetId)).rejects.toThrow(/is missing tokenizer\.json, onnx\/model\.onnx/);
    await expect(openEmbedder(store, { kind: 'onnx', dir: path.join(dir, 'nope') }, datasetId)).rejects.toThrow(/does not exist/);
    store.close();
  });

  it('embeds with a GGUF model through node-llama-cpp and caches', async () => {
    const { store, datasetId } = await workspace();
    const e = await openEmbedder(store, { kind: 'gguf', file: (await tinyModels()).zephyr }, datasetId, 1);
    const vs = await e.embed(texts);
    expect((vs[0] as Float32Array).length).toBe(64);
    expect(norm(vs[1]!)).toBeCloseTo(1, 4);
    expect(cosine(vs[0]!, vs[2]!)).toBeLessThan(0.9999);
    expect(store.db.prepare('SELECT count(*) FROM embeddings WHERE embedder = ?').pluck().get(e.id)).toBe(3);
    await e.dispose();
    const bad = path.join(tmpDir(), 'x.gguf');
    fs.writeFileSync(bad, 'nope');
    await expect(openEmbedder(store, { kind: 'gguf', file: bad }, datasetId)).rejects.toThrow(/not a GGUF file/);
    store.close();
  });
});

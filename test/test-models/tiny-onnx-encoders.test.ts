import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import {
  AutoModel,
  AutoTokenizer,
  env,
  pipeline,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import {
  buildTinyEncoder,
  ensureTinyEncoders,
  TINY_ENCODER_DIR_NAMES,
  type TinyEncoderFolders,
  type TinyEncoderKind,
} from '../../src-main/test-models/tiny-onnx-encoders.js';

const SEED = 7;
const HIDDEN = 32;
/** Three texts of clearly different token lengths, with accents and emoji. */
const TEXTS = [
  'Café déjà vu 😀',
  'hello',
  'Meet me at the naïve café tomorrow at 10:30 🎉🎉, we will talk about the new phone number and email address.',
];

// Local only: no Hub lookups, and no reads from the library's download cache (which is checked
// before the local path). Any fetch at all fails the test.
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.useFSCache = false;
env.useBrowserCache = false;
env.fetch = () => Promise.reject(new Error('transformers.js attempted a network fetch'));

let baseDir: string;
let folders: TinyEncoderFolders;

beforeAll(() => {
  baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-tiny-encoders-'));
  folders = ensureTinyEncoders(baseDir, SEED);
});

afterAll(() => {
  fs.rmSync(baseDir, { recursive: true, force: true });
});

function meanPool(hidden: Float32Array, dims: readonly number[], mask: ArrayLike<bigint>, row: number): Float32Array {
  const [, seq, width] = dims as [number, number, number];
  const sum = new Float32Array(width);
  let count = 0;
  for (let t = 0; t < seq; t++) {
    if (mask[row * seq + t] === 0n) continue;
    count++;
    for (let d = 0; d < width; d++) sum[d]! += hidden[(row * seq + t) * width + d]!;
  }
  return sum.map((value) => value / count);
}

function rows(tensor: Tensor): Float32Array[] {
  const [count, width] = tensor.dims as [number, number];
  const data = tensor.data as Float32Array;
  return Array.from({ length: count }, (_, i) => data.slice(i * width, (i + 1) * width));
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(normA * normB);
}

const loadOptions = { dtype: 'fp32', device: 'cpu' } as const;

describe.each<TinyEncoderKind>(['bert', 'roberta'])('tiny %s encoder', (kind) => {
  const folder = (): string => folders[kind];

  it('writes a Hugging Face style model folder', () => {
    expect(path.isAbsolute(folder())).toBe(true);
    expect(path.basename(folder())).toBe(TINY_ENCODER_DIR_NAMES[kind]);
    for (const file of [
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'special_tokens_map.json',
      'onnx/model.onnx',
      'modules.json',
      '1_Pooling/config.json',
    ]) {
      expect(fs.existsSync(path.join(folder(), file)), file).toBe(true);
    }
    const config = JSON.parse(fs.readFileSync(path.join(folder(), 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.model_type).toBe(kind);
    expect(config.hidden_size).toBe(HIDDEN);
  });

  it('tokenizes accents and emoji', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(folder());
    const ids = tokenizer.encode(TEXTS[0]!);
    if (kind === 'bert') {
      // Lowercased and accent-stripped like bert-base-uncased; the emoji is an unknown word.
      expect(tokenizer.tokenize('Café naïve')).toEqual(tokenizer.tokenize('cafe naive'));
      expect(ids[0]).toBe(tokenizer.convert_tokens_to_ids('[CLS]'));
      expect(ids.at(-1)).toBe(tokenizer.convert_tokens_to_ids('[SEP]'));
      expect(ids).toContain(tokenizer.unk_token_id);
    } else {
      // Byte-level BPE: nothing is unknown and decoding gives the text back exactly.
      expect(ids[0]).toBe(tokenizer.convert_tokens_to_ids('<s>'));
      expect(ids.at(-1)).toBe(tokenizer.convert_tokens_to_ids('</s>'));
      expect(ids).not.toContain(tokenizer.unk_token_id);
      for (const text of TEXTS)
        expect(tokenizer.decode(tokenizer.encode(text), { skip_special_tokens: true })).toBe(text);
    }
  });

  it('runs in onnxruntime-node and through AutoModel with identical outputs', async () => {
    const tokenizer: PreTrainedTokenizer = await AutoTokenizer.from_pretrained(folder());
    const inputs = tokenizer(TEXTS, { padding: true, truncation: true }) as Record<string, Tensor>;
    const inputIds = inputs.input_ids!;
    const [batch, seq] = inputIds.dims as [number, number];
    expect(batch).toBe(3);

    const session = await ort.InferenceSession.create(path.join(folder(), 'onnx', 'model.onnx'));
    try {
      expect(session.outputNames).toEqual(['last_hidden_state']);
      const feeds: Record<string, ort.Tensor> = {};
      for (const name of session.inputNames) {
        const source = inputs[name] ?? { data: new BigInt64Array(batch * seq) }; // token_type_ids default to zeros
        feeds[name] = new ort.Tensor('int64', source.data as BigInt64Array, [batch, seq]);
      }
      const direct = (await session.run(feeds)).last_hidden_state!;
      expect(direct.dims).toEqual([batch, seq, HIDDEN]);

      const model = await AutoModel.from_pretrained(folder(), loadOptions);
      try {
        const output = (await model(inputs)) as { last_hidden_state: Tensor };
        expect(output.last_hidden_state.dims).toEqual([batch, seq, HIDDEN]);
        expect(
          maxAbsDifference(output.last_hidden_state.data as Float32Array, direct.data as Float32Array),
        ).toBeLessThan(1e-6);
      } finally {
        await model.dispose();
      }

      // Attention mask respected: each row pooled over its own tokens equals the text run alone.
      const mask = inputs.attention_mask!.data as BigInt64Array;
      for (let row = 0; row < batch; row++) {
        const single = tokenizer(TEXTS[row]!) as Record<string, Tensor>;
        const length = single.input_ids!.dims[1]!;
        const singleFeeds: Record<string, ort.Tensor> = {};
        for (const name of session.inputNames) {
          const source = single[name]?.data ?? new BigInt64Array(length);
          singleFeeds[name] = new ort.Tensor('int64', source as BigInt64Array, [1, length]);
        }
        const alone = (await session.run(singleFeeds)).last_hidden_state!;
        const pooledAlone = meanPool(alone.data as Float32Array, alone.dims, new BigInt64Array(length).fill(1n), 0);
        const pooledInBatch = meanPool(direct.data as Float32Array, direct.dims, mask, row);
        expect(maxAbsDifference(pooledAlone, pooledInBatch)).toBeLessThan(1e-4);
      }
    } finally {
      await session.release();
    }
  });

  it('gives mask-independent, text-dependent sentence vectors through the feature-extraction pipeline', async () => {
    const extractor = await pipeline('feature-extraction', folder(), loadOptions);
    try {
      const tokenStates = await extractor(TEXTS);
      expect(tokenStates.dims.length).toBe(3);
      expect(tokenStates.dims[0]).toBe(TEXTS.length);
      expect(tokenStates.dims[2]).toBe(HIDDEN);

      const batched = rows(await extractor(TEXTS, { pooling: 'mean', normalize: true }));
      expect(batched).toHaveLength(TEXTS.length);
      for (const [i, text] of TEXTS.entries()) {
        const alone = await extractor(text, { pooling: 'mean', normalize: true });
        expect(alone.dims).toEqual([1, HIDDEN]);
        expect(maxAbsDifference(rows(alone)[0]!, batched[i]!)).toBeLessThan(1e-4);
      }
      for (let i = 0; i < batched.length; i++) {
        for (let j = i + 1; j < batched.length; j++) expect(cosine(batched[i]!, batched[j]!)).toBeLessThan(0.99);
      }
    } finally {
      await extractor.dispose();
    }
  });
});

describe('tiny encoder builds', () => {
  const filesOf = (dir: string): Map<string, Buffer> =>
    new Map(
      (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((file) => fs.statSync(path.join(dir, file)).isFile())
        .sort()
        .map((file) => [file, fs.readFileSync(path.join(dir, file))]),
    );
  /** Names of files whose bytes differ (Buffer.equals; deep equality on 200 kB buffers is slow). */
  const differingFiles = (a: Map<string, Buffer>, b: Map<string, Buffer>): string[] => {
    expect([...a.keys()]).toEqual([...b.keys()]);
    return [...a.keys()].filter((file) => !a.get(file)!.equals(b.get(file)!));
  };

  it('are byte-identical for the same seed and differ only in weights for another seed', () => {
    for (const kind of ['bert', 'roberta'] as const) {
      const original = filesOf(folders[kind]);
      const again = filesOf(buildTinyEncoder(path.join(baseDir, 'again', kind), kind, { seed: SEED }));
      expect(differingFiles(original, again)).toEqual([]);
      const reseeded = filesOf(buildTinyEncoder(path.join(baseDir, 'other', kind), kind, { seed: SEED + 1 }));
      // config.json records the seed; the tokenizer files do not depend on it.
      expect(differingFiles(original, reseeded)).toEqual(['config.json', 'onnx/model.onnx']);
    }
  });

  it('are reused by ensureTinyEncoders when the seed matches and rebuilt when it does not', () => {
    const modelFile = path.join(folders.bert, 'onnx', 'model.onnx');
    const before = fs.statSync(modelFile).mtimeMs;
    expect(ensureTinyEncoders(baseDir, SEED)).toEqual(folders);
    expect(fs.statSync(modelFile).mtimeMs).toBe(before);

    const rebuiltDir = path.join(baseDir, 'reseeded');
    const first = fs.readFileSync(path.join(ensureTinyEncoders(rebuiltDir, SEED).roberta, 'onnx', 'model.onnx'));
    const second = fs.readFileSync(path.join(ensureTinyEncoders(rebuiltDir, SEED + 1).roberta, 'onnx', 'model.onnx'));
    expect(first.equals(second)).toBe(false);
    expect(fs.readdirSync(rebuiltDir).sort()).toEqual(['tiny-bert', 'tiny-roberta']);
  });
});

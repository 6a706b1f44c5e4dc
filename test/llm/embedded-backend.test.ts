import fs from 'node:fs';
import path from 'node:path';
import { LlamaCompletion } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FAMILIES, type ModelFamily } from '../../src-main/contract/schemas.js';
import { renderFamilyPrompt } from '../../src-main/llm/chat-format.js';
import { completionInput, EmbeddedGenerator } from '../../src-main/llm/embedded-backend.js';
import { llamaRuntime } from '../../src-main/llm/llama-runtime.js';
import { sharedFixtureModel, tinyModels } from '../helpers/models.js';
import { ROOT } from '../helpers/tmp.js';

/**
 * Renders each family's prompt for a model file, has node-llama-cpp's LlamaCompletion evaluate it as the
 * backend does, and returns the BOS count of the context it really evaluated.
 */
async function bosInContext(file: string, family: ModelFamily): Promise<{ family: ModelFamily; count: number; first: boolean; predicted: number[] }[]> {
  const gen = await EmbeddedGenerator.load({ modelPath: file, family, threads: 1, parallel: 1, gpu: false });
  const prompts = MODEL_FAMILIES.map((f) => ({ f, prompt: f === family ? gen.renderPrompt(messages).prompt : renderFamilyPrompt(f, messages) }));
  await gen.close();
  const llama = await llamaRuntime(false);
  const model = await llama.loadModel({ modelPath: file, gpuLayers: 0 });
  const context = await model.createContext({ threads: 1, contextSize: 512 });
  const sequence = context.getSequence();
  const completion = new LlamaCompletion({ contextSequence: sequence });
  const out = [];
  try {
    for (const { f, prompt } of prompts) {
      await sequence.clearHistory();
      const { input, evaluated } = completionInput(model, prompt);
      await completion.generateCompletion(input, { maxTokens: 1, temperature: 0, seed: 1 });
      const ctx = sequence.contextTokens.slice(0, evaluated.length);
      expect(ctx).toEqual(evaluated);
      out.push({ family: f, count: ctx.filter((t) => t === model.tokens.bos).length, first: ctx[0] === model.tokens.bos, predicted: evaluated });
    }
  } finally {
    completion.dispose();
    await context.dispose();
    await model.dispose();
  }
  return out;
}

const messages = [{ role: 'user' as const, content: 'Rewrite: I moved to Leeds with my wife Anna last May.' }];

describe.each(MODEL_FAMILIES)('embedded backend, %s', (family: ModelFamily) => {
  let gen: EmbeddedGenerator;
  beforeAll(async () => {
    gen = await EmbeddedGenerator.load({ modelPath: (await tinyModels())[family], family, threads: 1, parallel: 2 });
  });
  afterAll(() => gen?.close());

  it('uses the embedded chat template, which renders as the family expects', () => {
    expect(gen.renderPrompt(messages)).toEqual({ prompt: renderFamilyPrompt(family, messages), source: 'embedded-template' });
    expect(gen.description).toMatch(/^node-llama-cpp, CPU, 1 thread, 2 sequences$/);
  });

  it('feeds exactly one BOS for every family\'s prompt (counted in the context node-llama-cpp evaluated)', async () => {
    const counts = await bosInContext((await tinyModels())[family], family);
    expect(counts.map((c) => [c.family, c.count, c.first])).toEqual(MODEL_FAMILIES.map((f) => [f, 1, true]));
    expect(gen.tokenizePrompt(gen.renderPrompt(messages).prompt).filter((t, i) => i > 0 && t === counts[0]!.predicted[0])).toEqual([]);
  });

  it('reports why it stopped: the token limit ("length"), or a stop sequence ("stop") that is not in the text', async () => {
    const req = { messages, temperature: 0.8, seed: 5 };
    // Random weights never write an end of turn: the budget runs out.
    const cut = await gen.generate({ ...req, maxTokens: 12 });
    expect(cut.finishReason).toBe('length');
    expect(cut.tokensOut).toBeGreaterThanOrEqual(12);
    // Word pieces soon contain a vowel: the stop sequence ends the answer before it.
    const stopped = await gen.generate({ ...req, maxTokens: 64, stop: ['a', 'e', 'i', 'o', 'u'] });
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.text).not.toMatch(/[aeiou]/);
    expect(stopped.tokensOut!).toBeLessThan(64);
  });

  it('is reproducible: the same seed gives the same text, another seed another text', async () => {
    const req = { messages, temperature: 0.8, maxTokens: 24 };
    const [a, b, c] = await Promise.all([
      gen.generate({ ...req, seed: 7 }),
      gen.generate({ ...req, seed: 7 }),
      gen.generate({ ...req, seed: 8 }),
    ]);
    expect(a!.tokensOut).toBeGreaterThan(0);
    expect(a!.tokensIn).toBe(gen.tokenizePrompt(gen.renderPrompt(messages).prompt).length);
    expect(b!.text).toBe(a!.text);
    expect(c!.text).not.toBe(a!.text);
  });
});

describe('one BOS on the llama.cpp-made fixtures', () => {
  const fixtures = { 'llama-2-tiny-random.gguf': 'llama2-chat', 'stories260K.gguf': 'llama2-chat' } as const;
  for (const [name, family] of Object.entries(fixtures)) {
    const file = path.resolve(ROOT, '..', 'shared', 'fixtures', name);
    const present = fs.existsSync(file);
    if (!present) console.warn(`skipping the BOS test on ${name}: ${file} is absent (the shared fixtures folder is not beside this checkout)`);
    it.skipIf(!present)(`${name}: every family's prompt is evaluated with exactly one BOS, first`, async () => {
      const counts = await bosInContext(file, family);
      expect(counts.map((c) => [c.family, c.count, c.first])).toEqual(MODEL_FAMILIES.map((f) => [f, 1, true]));
    });
  }
});

describe('embedded backend with the llama.cpp-made fixture', () => {
  const fixture = sharedFixtureModel();
  if (fixture.reason) console.warn(`skipping the llama.cpp fixture test: ${fixture.reason}`);
  it.skipIf(!fixture.file)('loads and generates reproducibly', async () => {
    const gen = await EmbeddedGenerator.load({ modelPath: fixture.file!, family: 'llama2-chat', threads: 1, parallel: 1 });
    try {
      const r = await gen.generate({ messages, temperature: 0.7, seed: 3, maxTokens: 16 });
      expect(r.tokensOut).toBeGreaterThan(0);
      expect((await gen.generate({ messages, temperature: 0.7, seed: 3, maxTokens: 16 })).text).toBe(r.text);
    } finally {
      await gen.close();
    }
  });
});

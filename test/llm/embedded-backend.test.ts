import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FAMILIES, type ModelFamily } from '../../src-main/contract/schemas.js';
import { renderFamilyPrompt } from '../../src-main/llm/chat-format.js';
import { EmbeddedGenerator } from '../../src-main/llm/embedded-backend.js';
import { sharedFixtureModel, tinyModels } from '../helpers/models.js';

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

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateReply } from '../../src-main/generate/reply-gate.js';
import { createOpenAiGenerator, probeEndpoint } from '../../src-main/llm/openai-backend.js';
import { extractPii } from '../../src-main/privacy/pii-extract.js';
import { badReplyRate, postFromRequest, ruleBasedRephrase, STAND_IN_STYLES } from '../../src-main/test-models/rule-based-rephraser.js';
import { startStandInServer, STAND_IN_MODELS } from '../../src-main/test-models/stand-in-server.js';
import { ROOT } from '../helpers/tmp.js';

const posts = fs
  .readFileSync(path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

const words = (t: string) => new Set(t.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []);
function jaccard(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / (x.size + y.size - shared);
}

describe('rule-based stand-in rephraser (not an LLM)', () => {
  it('is deterministic per post, seed and temperature, and varies with the seed', () => {
    const post = posts[5]!;
    const a = ruleBasedRephrase(post, { seed: 3, temperature: 0.7 });
    expect(ruleBasedRephrase(post, { seed: 3, temperature: 0.7 })).toBe(a);
    const others = [4, 5, 6, 7].map((seed) => ruleBasedRephrase(post, { seed, temperature: 0.7 }));
    expect(new Set([a, ...others]).size).toBeGreaterThan(2);
  });

  it('replaces the personal values the audit finds, consistently', () => {
    // "My boss Darren Whitcombe … it's you, Darren": the full name and the first name alone both change, the same way.
    const post = posts.find((p) => p.includes('Darren Whitcombe'))!;
    const r = ruleBasedRephrase(post, { seed: 1, temperature: 0.5, style: STAND_IN_STYLES.heavy });
    expect(r).not.toMatch(/Darren|Whitcombe/);
    const invented = /My (?:boss|manager|line manager) (\p{Lu}\p{L}+) \p{Lu}\p{L}+/u.exec(r);
    expect(invented).not.toBeNull();
    expect(r).toContain(`, ${invented![1]}`);
    // Over the sample, the values found in sources are rarely carried over.
    let found = 0;
    let kept = 0;
    for (const p of posts.slice(0, 60)) {
      const out = ruleBasedRephrase(p, { seed: 2, temperature: 0.6 });
      if (out === p) continue; // a deliberate unchanged copy
      for (const v of extractPii(p)) {
        found++;
        if (out.includes(v.text)) kept++;
      }
    }
    expect(found).toBeGreaterThan(30);
    expect(kept / found).toBeLessThan(0.1);
  });

  it('changes more at higher temperatures and gives more bad replies there', () => {
    expect([0.5, 0.7, 0.8, 1.0, 2.0].map(badReplyRate)).toEqual([0, 0, expect.closeTo(0.08, 10), expect.closeTo(0.24, 10), 0.6]);
    const meanOverlap = (temperature: number) => {
      const good = posts
        .slice(0, 100)
        .map((p) => [p, ruleBasedRephrase(p, { seed: 1, temperature })] as const)
        .filter(([p, r]) => r !== p && gateReply(p, r, 'stop').outcome === 'accepted');
      return good.reduce((a, [p, r]) => a + jaccard(p, r), 0) / good.length;
    };
    expect(meanOverlap(0.5)).toBeGreaterThan(meanOverlap(1.0));
    const accepted = (temperature: number) =>
      posts.slice(0, 100).filter((p) => gateReply(p, ruleBasedRephrase(p, { seed: 1, temperature }), 'stop').outcome === 'accepted').length;
    // Most replies pass the gate at moderate temperatures; at 1.3 a third or more are refusals and copies.
    expect(accepted(0.6)).toBeGreaterThanOrEqual(80);
    expect(accepted(1.3)).toBeLessThan(70);
  });

  it('finds the post after the prompt\'s "Post:" line', () => {
    expect(postFromRequest('Rewrite it.\n- no notes\n\nPost:\nI moved to Leeds.\nNew line.')).toBe('I moved to Leeds.\nNew line.');
    expect(postFromRequest('Just this text')).toBe('Just this text');
  });
});

describe('stand-in server through the real OpenAI-compatible backend (127.0.0.1)', () => {
  let server: Awaited<ReturnType<typeof startStandInServer>>;
  beforeAll(async () => {
    server = await startStandInServer();
  });
  afterAll(() => server?.close());

  it('lists its models, answers with a rewrite and no token counts, and rejects an unknown model', async () => {
    expect(await probeEndpoint(server.url)).toEqual(Object.keys(STAND_IN_MODELS));
    const model = Object.keys(STAND_IN_MODELS)[0]!;
    expect(model).toMatch(/not an LLM/);
    const gen = createOpenAiGenerator({ baseUrl: server.url, model });
    const post = posts[3]!;
    const r = await gen.generate({ messages: [{ role: 'user', content: `Rewrite this.\n\nPost:\n${post}` }], temperature: 0.6, seed: 9, maxTokens: 200 });
    expect(r).toMatchObject({ text: ruleBasedRephrase(post, { seed: 9, temperature: 0.6, style: STAND_IN_MODELS[model] }), finishReason: 'stop', tokensIn: null, tokensOut: null });
    const wrong = createOpenAiGenerator({ baseUrl: server.url, model: 'gpt-9' });
    await expect(wrong.generate({ messages: [{ role: 'user', content: 'x' }], temperature: 1, seed: 1, maxTokens: 5 })).rejects.toThrow(/HTTP 400: The model `gpt-9` does not exist/);
    await gen.close();
    await wrong.close();
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerGguf } from '../../src-main/llm/model-registry.js';
import { openModel } from '../../src-main/llm/open-model.js';
import { Store } from '../../src-main/store/store.js';
import { tinyModels } from '../helpers/models.js';
import { tmpDir } from '../helpers/tmp.js';

describe('the embedded backend keeps to maxTokens', () => {
  // These prompts and seeds made node-llama-cpp release 65 tokens for a maximum of 64 (issue #18).
  it('never reports more tokens out than the maximum', async () => {
    const store = Store.open(path.join(tmpDir(), 'max-tokens.db'));
    const files = await tinyModels();
    const seen: number[] = [];
    for (const family of ['llama2-chat', 'llama3-instruct'] as const) {
      const row = await registerGguf(store, { name: `tiny-${family}`, family, file: files[family] });
      const g = await openModel(row, { parallel: 1, threads: 1 });
      try {
        for (const seed of [1, 2]) {
          const r = await g.generate({
            messages: [{ role: 'user', content: 'Say hello to the world in a long sentence.' }],
            temperature: 0.8,
            seed,
            maxTokens: 64,
          });
          // The embedded backend always counts its tokens (only an HTTP server may not say).
          expect(r.tokensOut).not.toBeNull();
          seen.push(r.tokensOut!);
          expect(r.tokensOut!).toBeLessThanOrEqual(64);
        }
      } finally {
        await g.close();
      }
    }
    // The limit was reached, so the check above was exercised.
    expect(seen).toContain(64);
    store.close();
  }, 120_000);
});

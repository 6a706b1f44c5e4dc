/**
 * Captures real replies of models that cannot rephrase: the tiny random-weight GGUFs of each family
 * (src-main/test-models), the llama.cpp-made llama-2-tiny-random fixture and stories260K (a trained
 * children's-story model), asked with the real rephrase prompt. Run once by hand:
 *   npx tsc -p tsconfig.json && node dist/test/gate/capture-garbage.js
 * It writes test/fixtures/gate/real-garbage.jsonl (raw replies, unlabelled); the corpus builder labels them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ModelFamily } from '../../src-main/contract/schemas.js';
import { answerTokenBudget } from '../../src-main/generate/rephrase.js';
import { rephraseMessages } from '../../src-main/generate/prompt.js';
import { EmbeddedGenerator } from '../../src-main/llm/embedded-backend.js';
import { ensureTinyModels } from '../../src-main/test-models/tiny-gguf-models.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const template = fs.readFileSync(path.join(ROOT, 'resources', 'prompts', 'rephrase.txt'), 'utf8').trimEnd();
const posts = fs
  .readFileSync(path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);

async function capture(
  kind: 'tiny-random' | 'stories',
  name: string,
  file: string,
  family: ModelFamily,
  postIdx: number[],
  out: object[],
) {
  const g = await EmbeddedGenerator.load({ modelPath: file, family, threads: 1, parallel: 1, gpu: false });
  for (const [k, i] of postIdx.entries()) {
    const source = posts[i]!;
    const maxTokens = answerTokenBudget(source, {
      validation: { minLengthRatio: 0.3, maxLengthRatio: 3, maxOverlap: 0.8 },
      maxTokens: 256,
    });
    const r = await g.generate({
      messages: rephraseMessages(template, source),
      temperature: 0.8,
      seed: 100 + k,
      maxTokens,
    });
    // The backend reports the finish reason; failing that, a reply that used the whole budget was cut off.
    const finish = r.finishReason ?? ((r.tokensOut ?? 0) >= maxTokens ? 'length' : 'stop');
    out.push({
      model: name,
      kind,
      family,
      source,
      reply: r.text,
      finish_reason: finish,
      tokens_out: r.tokensOut,
      max_tokens: maxTokens,
    });
    console.log(name, i, finish, JSON.stringify(r.text.slice(0, 120)));
  }
  await g.close();
}

const out: object[] = [];
const tiny = await ensureTinyModels(path.join(os.tmpdir(), 'synthlab-tiny-models'));
for (const [fam, file] of Object.entries(tiny))
  await capture('tiny-random', `tiny-${fam}`, file, fam as ModelFamily, [0, 4, 9, 14], out);
const shared = path.resolve(ROOT, '..', 'shared', 'fixtures');
await capture(
  'tiny-random',
  'llama-2-tiny-random',
  path.join(shared, 'llama-2-tiny-random.gguf'),
  'llama2-chat',
  [2, 7, 12, 20],
  out,
);
await capture(
  'stories',
  'stories260K',
  path.join(shared, 'stories260K.gguf'),
  'llama2-chat',
  [1, 3, 5, 6, 8, 10, 11, 13, 15, 16, 18, 22],
  out,
);
fs.writeFileSync(
  path.join(ROOT, 'test', 'fixtures', 'gate', 'real-garbage.jsonl'),
  out.map((o) => JSON.stringify(o)).join('\n') + '\n',
);

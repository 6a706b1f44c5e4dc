import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelFamily } from '../../src-main/contract/schemas.js';
import { rephraseMessages } from '../../src-main/generate/prompt.js';
import { gateReply } from '../../src-main/generate/reply-gate.js';
import { EmbeddedGenerator } from '../../src-main/llm/embedded-backend.js';
import { sharedFixtureModel, tinyModels } from '../helpers/models.js';
import { ROOT } from '../helpers/tmp.js';

// Real models that cannot rephrase, through the real prompt: nothing they write may pass the gate.
const TEMPLATE = fs.readFileSync(path.join(ROOT, 'resources', 'prompts', 'rephrase.txt'), 'utf8').trimEnd();
const POSTS = fs
  .readFileSync(path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, 40)
  .map((l) => (JSON.parse(l) as { text: string }).text)
  .filter((_, i) => i % 9 === 2);
const STORIES = path.resolve(ROOT, '..', 'shared', 'fixtures', 'stories260K.gguf');

const open: EmbeddedGenerator[] = [];
afterAll(async () => {
  for (const g of open) await g.close();
});

async function repliesOf(modelPath: string, family: ModelFamily, maxTokens: number) {
  const g = await EmbeddedGenerator.load({ modelPath, family, threads: 1, parallel: 1, gpu: false });
  open.push(g);
  const out = [];
  for (const [i, post] of POSTS.entries()) {
    const r = await g.generate({
      messages: rephraseMessages(TEMPLATE, post),
      temperature: 0.8,
      seed: 7 + i,
      maxTokens,
    });
    out.push({ post, reply: r.text });
  }
  return out;
}

function expectNoneAccepted(replies: { post: string; reply: string }[], allowed: string[]) {
  for (const { post, reply } of replies) {
    // Unknown finish reason: the gate must reject on what the reply says, not on where it stopped.
    const v = gateReply(post, reply, null);
    expect(v.outcome, `${v.detail}\nreply: ${JSON.stringify(reply.slice(0, 200))}`).not.toBe('accepted');
    expect(allowed, v.detail).toContain(v.outcome);
  }
}

describe('the gate on real models that cannot rephrase', () => {
  it('rejects every reply of the tiny random-weight models of each family as garbled or empty', async () => {
    const files = await tinyModels();
    for (const family of Object.keys(files) as (keyof typeof files)[]) {
      expectNoneAccepted(await repliesOf(files[family], family, 48), ['garbled', 'empty', 'special_tokens']);
    }
  });

  const shared = sharedFixtureModel();
  if (shared.reason) console.warn(`skipping the gate test on llama-2-tiny-random.gguf: ${shared.reason}`);
  if (!fs.existsSync(STORIES)) console.warn(`skipping the gate test on stories260K.gguf: ${STORIES} is absent (the shared fixtures folder is not beside this checkout)`);
  it.skipIf(!shared.file)(`rejects every reply of llama-2-tiny-random.gguf ${shared.reason ?? ''}`, async () => {
    expectNoneAccepted(await repliesOf(shared.file!, 'llama2-chat', 48), [
      'garbled',
      'empty',
      'special_tokens',
      'language_mismatch',
    ]);
  });

  it.skipIf(!fs.existsSync(STORIES))(
    `rejects the children's stories of stories260K.gguf as off topic ${fs.existsSync(STORIES) ? '' : `(${STORIES} is absent)`}`,
    async () => {
      expectNoneAccepted(await repliesOf(STORIES, 'llama2-chat', 160), [
        'off_topic',
        'garbled',
        'length',
        'instruction_echo',
      ]);
    },
  );
});

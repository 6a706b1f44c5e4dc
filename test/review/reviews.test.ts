import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecideSchema, ReviewQuerySchema } from '../../src-main/contract/review-schemas.js';
import { importFile } from '../../src-main/datasets/importer.js';
import { decide, reviewAgreement, reviewProgress, reviewQueue } from '../../src-main/review/reviews.js';
import { Store } from '../../src-main/store/store.js';
import { FIXTURES, tmpDir } from '../helpers/tmp.js';

function workspace() {
  const file = path.join(tmpDir(), 'review.db');
  const store = Store.open(file);
  return { store, file };
}

async function withVariants(store: Store) {
  await importFile(store, path.join(FIXTURES, 'good', 'bom-crlf-multiline.csv'), { dataset: 'd' });
  const posts = store.db.prepare('SELECT id, text FROM posts ORDER BY id').all() as { id: number; text: string }[];
  const models = ['alpha', 'beta'].map((name) => store.models.add({ name, family: 'zephyr', backend: 'gguf', gguf_path: `/${name}.gguf` }));
  const ids: number[] = [];
  for (const p of posts) {
    for (const m of models) {
      ids.push(
        store.variants.insert({
          post_id: p.id, model_id: m.id, job_id: null, sweep_id: null, replicate: 0, prompt_template_id: null, model_sha256: null,
          family: 'zephyr', temperature: 0.7, seed: 1, status: 'ok',
          // beta copies its source: its badges must show the verbatim run and carried-over values.
          text: m.name === 'beta' ? p.text : `A different post number ${p.id} about something else`,
          failure_reason: null, attempts: 1, tokens_in: 1, tokens_out: 1, generation_ms: 1,
        }),
      );
    }
  }
  store.db.prepare('UPDATE variants SET similarity = CASE WHEN text LIKE \'A different%\' THEN 0.1 ELSE 0.95 END').run();
  return ids;
}

const q = (o: Record<string, unknown>) => ReviewQuerySchema.parse({ dataset: 'd', annotator: 'ana', ...o });

describe('review', () => {
  it('shows each original beside its variants with badges, filters, and saves decisions at once', async () => {
    const { store, file } = workspace();
    const ids = await withVariants(store);
    const page = reviewQueue(store, q({}));
    expect(page.total).toBe(3);
    expect(page.items[0]!.variants.map((v) => v.model)).toEqual(['alpha', 'beta']);
    const copy = page.items[2]!.variants.find((v) => v.model === 'beta')!;
    expect(copy.verbatimRun).toBe(6); // ask me at dana example com
    expect(copy.piiCarried).toEqual(expect.arrayContaining([{ category: 'contact', value: 'dana@example.com' }]));
    expect(page.items[2]!.variants.find((v) => v.model === 'alpha')!.piiCarried).toEqual([]);

    decide(store, DecideSchema.parse({ variantId: ids[0], annotator: 'ana', decision: 'accept' }));
    decide(store, DecideSchema.parse({ variantId: ids[1], annotator: 'ana', decision: 'edit', editedText: ' Fixed text ' }));
    decide(store, DecideSchema.parse({ variantId: ids[2], annotator: 'ana', decision: 'relabel', labels: ['name', 'name'] }));
    expect(() => decide(store, DecideSchema.parse({ variantId: ids[3], annotator: 'ana', decision: 'relabel', labels: ['pets'] }))).toThrow(/unknown categories: pets/);
    expect(DecideSchema.safeParse({ variantId: ids[3], annotator: 'ana', decision: 'edit' }).error?.issues[0]?.message).toBe('an edit needs the edited text');
    store.close();

    // Decisions survive closing (or crashing) and reopening.
    const again = Store.open(file);
    expect(reviewProgress(again, 'd', 'ana')).toEqual({ annotator: 'ana', variants: 6, reviewed: 3, byDecision: { accept: 1, edit: 1, relabel: 1 } });
    expect(reviewQueue(again, q({ decision: 'undecided' })).items.flatMap((i) => i.variants.map((v) => v.id))).toEqual(ids.slice(3));
    const edited = reviewQueue(again, q({ decision: 'edit' })).items[0]!.variants[0]!;
    expect(edited.decision).toMatchObject({ decision: 'edit', editedText: 'Fixed text' });
    expect(reviewQueue(again, q({ decision: 'relabel' })).items[0]!.variants[0]!.decision!.labels).toEqual(['name']);
    expect(reviewQueue(again, q({ model: 'beta', minSimilarity: 0.9 })).items.every((i) => i.variants.every((v) => v.model === 'beta'))).toBe(true);
    expect(reviewQueue(again, q({ maxSimilarity: 0.5 })).items.flatMap((i) => i.variants.map((v) => v.model))).toEqual(['alpha', 'alpha', 'alpha']);
    expect(reviewQueue(again, q({ category: 'contact' })).total).toBe(1);
    again.close();
  });

  it('narrows the queue to one original by its id in the dataset', async () => {
    const { store } = workspace();
    await withVariants(store);
    const one = reviewQueue(store, q({ post: '3' }));
    expect(one.total).toBe(1);
    expect(one.items[0]!.post).toMatchObject({ externalId: '3', text: 'Ask me at dana@example.com' });
    expect(one.items[0]!.variants.map((v) => v.model)).toEqual(['alpha', 'beta']);
    expect(reviewQueue(store, q({ post: 'missing' })).total).toBe(0);
    store.close();
  });

  it("reports agreement between annotators with Cohen's kappa", async () => {
    const { store } = workspace();
    const ids = await withVariants(store);
    const a = ['accept', 'accept', 'reject', 'reject', 'accept', 'reject'] as const;
    const b = ['accept', 'reject', 'reject', 'reject', 'accept', 'accept'] as const;
    ids.forEach((id, i) => {
      decide(store, DecideSchema.parse({ variantId: id, annotator: 'ana', decision: a[i] }));
      decide(store, DecideSchema.parse({ variantId: id, annotator: 'ben', decision: b[i] }));
    });
    // p_o = 4/6; p_e = 0.5·0.5 + 0.5·0.5 = 0.5 → κ = 1/3.
    const [pair] = reviewAgreement(store, 'd');
    expect(pair!.annotators).toEqual(['ana', 'ben']);
    expect(pair!.items).toBe(6);
    expect(pair!.kappa).toBeCloseTo(1 / 3, 10);
    // A later decision replaces the earlier one for that annotator.
    decide(store, DecideSchema.parse({ variantId: ids[1]!, annotator: 'ben', decision: 'accept' }));
    expect(reviewAgreement(store, 'd')[0]!.agreement).toBeCloseTo(5 / 6, 10);
    store.close();
  });
});

import type { Store } from '../store/store.js';
import type { Embedder } from './embedder.js';
import { cosine } from './vectors.js';

interface Unscored {
  id: number;
  variant: string;
  source: string;
}

/**
 * Stores each usable variant's cosine similarity to its source, for the variants of one
 * generation job or one sweep that have none yet. Returns how many were scored.
 */
export async function scoreVariantSimilarity(
  store: Store,
  embedder: Embedder,
  of: { jobId: number } | { sweepId: number },
  batch = 256,
): Promise<number> {
  const column = 'jobId' in of ? 'job_id' : 'sweep_id';
  const id = 'jobId' in of ? of.jobId : of.sweepId;
  const page = store.db.prepare<[number, number, number], Unscored>(
    `SELECT v.id, v.text AS variant, p.text AS source FROM variants v JOIN posts p ON p.id = v.post_id
     WHERE v.${column} = ? AND v.status = 'ok' AND v.similarity IS NULL AND v.id > ? ORDER BY v.id LIMIT ?`,
  );
  const update = store.db.prepare<[number, number]>('UPDATE variants SET similarity = ? WHERE id = ?');
  let after = 0;
  let scored = 0;
  for (;;) {
    const rows = page.all(id, after, batch);
    if (!rows.length) return scored;
    const vectors = await embedder.embed([...rows.map((r) => r.source), ...rows.map((r) => r.variant)]);
    store.db.transaction(() => {
      rows.forEach((r, i) => update.run(cosine(vectors[i]!, vectors[rows.length + i]!), r.id));
    })();
    scored += rows.length;
    after = rows[rows.length - 1]!.id;
  }
}

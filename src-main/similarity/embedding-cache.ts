import type { Db } from '../store/database.js';

/** Dense embeddings stored by (embedder id, text hash), so nothing is computed twice. */
export class EmbeddingCache {
  private readonly getStmt;
  private readonly putStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[string, string], { vector: Buffer }>(
      'SELECT vector FROM embeddings WHERE embedder = ? AND text_hash = ?',
    );
    this.putStmt = db.prepare<[string, string, number, Buffer]>(
      'INSERT OR REPLACE INTO embeddings (embedder, text_hash, dim, vector) VALUES (?, ?, ?, ?)',
    );
  }

  get(embedder: string, hash: string): Float32Array | undefined {
    const row = this.getStmt.get(embedder, hash);
    if (!row) return undefined;
    // Copy: the buffer's memory may not be 4-byte aligned.
    return new Float32Array(new Uint8Array(row.vector).buffer);
  }

  putMany(embedder: string, items: { hash: string; vector: Float32Array }[]): void {
    this.db.transaction(() => {
      for (const { hash, vector } of items) {
        this.putStmt.run(embedder, hash, vector.length, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
      }
    })();
  }
}

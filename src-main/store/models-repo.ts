import type { Db } from './database.js';

export interface ModelRow {
  id: number;
  name: string;
  family: string;
  backend: 'gguf' | 'endpoint';
  gguf_path: string | null;
  file_sha256: string | null;
  endpoint_url: string | null;
  endpoint_model: string | null;
  metadata_json: string;
  created_at: string;
}

export type NewModel = Pick<ModelRow, 'name' | 'family' | 'backend'> &
  Partial<Pick<ModelRow, 'gguf_path' | 'file_sha256' | 'endpoint_url' | 'endpoint_model'>> & { metadata?: unknown };

export class ModelRepo {
  private readonly byName;
  private readonly byId;
  private readonly listStmt;
  private readonly insertStmt;
  private readonly removeStmt;
  private readonly variantCount;

  constructor(db: Db) {
    this.byName = db.prepare<[string], ModelRow>('SELECT * FROM models WHERE name = ?');
    this.byId = db.prepare<[number], ModelRow>('SELECT * FROM models WHERE id = ?');
    this.listStmt = db.prepare<[], ModelRow>('SELECT * FROM models ORDER BY name');
    this.insertStmt = db.prepare(
      `INSERT INTO models (name, family, backend, gguf_path, file_sha256, endpoint_url, endpoint_model, metadata_json)
       VALUES (@name, @family, @backend, @gguf_path, @file_sha256, @endpoint_url, @endpoint_model, @metadata_json)`,
    );
    this.removeStmt = db.prepare<[number]>('DELETE FROM models WHERE id = ?');
    this.variantCount = db.prepare<[number], number>('SELECT count(*) FROM variants WHERE model_id = ?').pluck();
  }

  get(name: string): ModelRow | undefined {
    return this.byName.get(name);
  }

  getById(id: number): ModelRow | undefined {
    return this.byId.get(id);
  }

  list(): ModelRow[] {
    return this.listStmt.all();
  }

  add(m: NewModel): ModelRow {
    this.insertStmt.run({
      name: m.name,
      family: m.family,
      backend: m.backend,
      gguf_path: m.gguf_path ?? null,
      file_sha256: m.file_sha256 ?? null,
      endpoint_url: m.endpoint_url ?? null,
      endpoint_model: m.endpoint_model ?? null,
      metadata_json: JSON.stringify(m.metadata ?? {}),
    });
    return this.get(m.name)!;
  }

  variants(id: number): number {
    return this.variantCount.get(id) ?? 0;
  }

  remove(id: number): void {
    this.removeStmt.run(id);
  }
}

import type { Db } from './database.js';

export interface PromptTemplateRow {
  id: number;
  name: string;
  version: number;
  body: string;
  created_at: string;
}

/** Versioned prompt templates: editing one adds a new version; variants keep the id they used. */
export class PromptRepo {
  private readonly latestStmt;
  private readonly byId;
  private readonly versionsStmt;
  private readonly insertStmt;

  constructor(db: Db) {
    this.latestStmt = db.prepare<[string], PromptTemplateRow>(
      'SELECT * FROM prompt_templates WHERE name = ? ORDER BY version DESC LIMIT 1',
    );
    this.byId = db.prepare<[number], PromptTemplateRow>('SELECT * FROM prompt_templates WHERE id = ?');
    this.versionsStmt = db.prepare<[string], PromptTemplateRow>(
      'SELECT * FROM prompt_templates WHERE name = ? ORDER BY version',
    );
    this.insertStmt = db.prepare<[string, string, string]>(
      `INSERT INTO prompt_templates (name, version, body)
       VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM prompt_templates WHERE name = ?), ?)`,
    );
  }

  latest(name: string): PromptTemplateRow | undefined {
    return this.latestStmt.get(name);
  }

  get(id: number): PromptTemplateRow | undefined {
    return this.byId.get(id);
  }

  versions(name: string): PromptTemplateRow[] {
    return this.versionsStmt.all(name);
  }

  /** Adds the next version of a template, unless the body equals the latest one. */
  save(name: string, body: string): PromptTemplateRow {
    const latest = this.latest(name);
    if (latest?.body === body) return latest;
    return this.get(Number(this.insertStmt.run(name, name, body).lastInsertRowid))!;
  }
}

/**
 * Forward-only schema migrations. Each entry is applied once, in order, inside the
 * same transaction as every other pending entry, so a failure leaves the file untouched.
 * Never edit a released migration: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  description TEXT NOT NULL DEFAULT '',
  -- 1 when the category list was declared up front: imports may not add categories.
  categories_locked INTEGER NOT NULL DEFAULT 0 CHECK (categories_locked IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT ${NOW}
);

CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  name TEXT NOT NULL CHECK (length(name) > 0),
  description TEXT NOT NULL DEFAULT '',
  UNIQUE (dataset_id, name)
);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('jsonl', 'csv')),
  file_sha256 TEXT NOT NULL,
  posts INTEGER NOT NULL,
  new_posts INTEGER NOT NULL,
  updated_posts INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT ${NOW}
);

CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL CHECK (length(external_id) > 0),
  text TEXT NOT NULL CHECK (length(text) > 0),
  text_hash TEXT NOT NULL,
  import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL DEFAULT ${NOW},
  UNIQUE (dataset_id, external_id)
);
CREATE INDEX posts_by_hash ON posts(dataset_id, text_hash);

CREATE TABLE post_labels (
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, category_id)
) WITHOUT ROWID;
CREATE INDEX post_labels_by_category ON post_labels(category_id);

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
  family TEXT NOT NULL,
  backend TEXT NOT NULL CHECK (backend IN ('gguf', 'endpoint')),
  gguf_path TEXT,
  file_sha256 TEXT,
  endpoint_url TEXT,
  endpoint_model TEXT,
  metadata_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata_json)),
  created_at TEXT NOT NULL DEFAULT ${NOW},
  CHECK ((backend = 'gguf' AND gguf_path IS NOT NULL)
      OR (backend = 'endpoint' AND endpoint_url IS NOT NULL AND endpoint_model IS NOT NULL))
);

CREATE TABLE prompt_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  body TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT ${NOW},
  UNIQUE (name, version)
);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
  params_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params_json)),
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'running', 'paused', 'cancelled', 'failed', 'done')),
  progress_done INTEGER NOT NULL DEFAULT 0,
  progress_total INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at TEXT NOT NULL DEFAULT ${NOW},
  updated_at TEXT NOT NULL DEFAULT ${NOW},
  finished_at TEXT
);

CREATE TABLE sweeps (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  embedder TEXT NOT NULL,
  sample_size INTEGER NOT NULL,
  sample_seed INTEGER NOT NULL,
  params_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params_json)),
  created_at TEXT NOT NULL DEFAULT ${NOW}
);

CREATE TABLE sweep_samples (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (sweep_id, post_id)
) WITHOUT ROWID;

CREATE TABLE variants (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  model_id INTEGER NOT NULL REFERENCES models(id),
  job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  sweep_id INTEGER REFERENCES sweeps(id) ON DELETE CASCADE,
  prompt_template_id INTEGER REFERENCES prompt_templates(id),
  model_sha256 TEXT,
  family TEXT NOT NULL,
  temperature REAL NOT NULL,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  text TEXT,
  failure_reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  tokens_in INTEGER,
  tokens_out INTEGER,
  generation_ms REAL,
  similarity REAL,
  created_at TEXT NOT NULL DEFAULT ${NOW},
  CHECK ((status = 'ok' AND text IS NOT NULL) OR (status = 'failed' AND failure_reason IS NOT NULL))
);
CREATE INDEX variants_by_post ON variants(post_id);
CREATE INDEX variants_by_model ON variants(model_id);
CREATE UNIQUE INDEX variants_one_per_job_post_model
  ON variants(job_id, post_id, model_id) WHERE sweep_id IS NULL AND job_id IS NOT NULL;

CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  annotator TEXT NOT NULL CHECK (length(annotator) > 0),
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'edit', 'relabel')),
  edited_text TEXT,
  labels_json TEXT CHECK (labels_json IS NULL OR json_valid(labels_json)),
  note TEXT,
  created_at TEXT NOT NULL DEFAULT ${NOW}
);
CREATE INDEX reviews_by_variant ON reviews(variant_id, annotator);

CREATE TABLE classifier_runs (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE CASCADE,
  job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  experiment TEXT,
  train_source TEXT NOT NULL,
  test_source TEXT NOT NULL,
  encoder TEXT NOT NULL,
  head TEXT NOT NULL,
  params_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params_json)),
  metrics_json TEXT CHECK (metrics_json IS NULL OR json_valid(metrics_json)),
  model_blob BLOB,
  seconds REAL,
  created_at TEXT NOT NULL DEFAULT ${NOW}
);

CREATE TABLE classifier_category_metrics (
  run_id INTEGER NOT NULL REFERENCES classifier_runs(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  precision REAL NOT NULL,
  recall REAL NOT NULL,
  f1 REAL NOT NULL,
  support INTEGER NOT NULL,
  PRIMARY KEY (run_id, category)
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: 'embedding cache, sweep results',
    sql: `
CREATE TABLE embeddings (
  embedder TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (embedder, text_hash)
) WITHOUT ROWID;

ALTER TABLE sweeps ADD COLUMN state TEXT NOT NULL DEFAULT 'running';

CREATE TABLE sweep_points (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  model_id INTEGER NOT NULL REFERENCES models(id),
  temperature REAL NOT NULL,
  n INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  mean REAL,
  std REAL,
  ci_lo REAL,
  ci_hi REAL,
  mean_length_ratio REAL,
  chosen INTEGER NOT NULL DEFAULT 0 CHECK (chosen IN (0, 1)),
  PRIMARY KEY (sweep_id, model_id, temperature)
) WITHOUT ROWID;
CREATE INDEX variants_by_job ON variants(job_id);
CREATE INDEX variants_by_sweep ON variants(sweep_id);

-- Sweeps make k variants per (post, model, temperature): replicate numbers them.
ALTER TABLE variants ADD COLUMN replicate INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX variants_one_per_sweep_point
  ON variants(sweep_id, post_id, model_id, temperature, replicate) WHERE sweep_id IS NOT NULL;
`,
  },
  {
    version: 3,
    name: 'classifier experiments, label retention',
    sql: `
CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  encoder TEXT NOT NULL,
  head TEXT NOT NULL,
  params_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params_json)),
  -- The original posts held out for testing: no variant of one of them is ever trained on.
  test_posts_json TEXT NOT NULL CHECK (json_valid(test_posts_json)),
  -- Runs that could not be made (e.g. a model with no variants on one side) and why.
  skipped_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(skipped_json)),
  seconds REAL,
  created_at TEXT NOT NULL DEFAULT ${NOW}
);
CREATE INDEX experiments_by_dataset ON experiments(dataset_id, id);

ALTER TABLE classifier_runs ADD COLUMN experiment_id INTEGER REFERENCES experiments(id) ON DELETE CASCADE;
-- An evaluation of a head trained by another run (TSTR reuses the synthetic run's head) points
-- at that run and stores no model_blob of its own.
ALTER TABLE classifier_runs ADD COLUMN head_run_id INTEGER REFERENCES classifier_runs(id) ON DELETE CASCADE;
CREATE INDEX classifier_runs_by_experiment ON classifier_runs(experiment_id);

-- The head trained on originals applied to the variants of held-out posts, per source and category.
CREATE TABLE label_retention (
  experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  category TEXT NOT NULL,
  sources INTEGER NOT NULL,
  retained INTEGER NOT NULL,
  source_detected INTEGER NOT NULL,
  others INTEGER NOT NULL,
  spurious INTEGER NOT NULL,
  PRIMARY KEY (experiment_id, source, category)
);
`,
  },
  {
    version: 4,
    name: 'privacy audits',
    sql: `
CREATE TABLE audits (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  embedder TEXT NOT NULL,
  params_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params_json)),
  results_json TEXT NOT NULL CHECK (json_valid(results_json)),
  seconds REAL,
  created_at TEXT NOT NULL DEFAULT ${NOW}
);
CREATE INDEX audits_by_dataset ON audits(dataset_id, id);

-- One row per audited variant: a snapshot (no foreign key to variants), so an audit stays
-- readable and exportable after its variants are deleted or regenerated.
CREATE TABLE audit_variants (
  audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
  variant_id INTEGER NOT NULL,
  row_json TEXT NOT NULL CHECK (json_valid(row_json)),
  PRIMARY KEY (audit_id, variant_id)
) WITHOUT ROWID;
`,
  },
  {
    version: 5,
    name: 'every generation attempt and its gate outcome',
    sql: `
-- Each model call made for a variant: its raw reply, why generation stopped, the reply gate's verdict
-- (or 'error' when the call failed), tokens (NULL when the backend did not say) and time, so that a
-- researcher can audit the gate. Written in the same transaction as its variant.
CREATE TABLE variant_attempts (
  variant_id INTEGER NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  seed INTEGER NOT NULL,
  max_tokens INTEGER,
  raw_reply TEXT,
  finish_reason TEXT CHECK (finish_reason IN ('stop', 'length', 'abort', 'error')),
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  tokens_in INTEGER,
  tokens_out INTEGER,
  ms REAL,
  PRIMARY KEY (variant_id, attempt)
) WITHOUT ROWID;

-- The variant's final outcome: 'accepted', the last attempt's gate outcome, or 'error'. NULL for rows made
-- before the gate existed, except those accepted then.
ALTER TABLE variants ADD COLUMN outcome TEXT;
UPDATE variants SET outcome = 'accepted' WHERE status = 'ok';
`,
  },
  {
    version: 6,
    name: 'similarity of edited variants',
    sql: `
-- An edit replaces the model's text in the synthetic set, so its similarity to the source is
-- measured when the edit is saved (same embedder as variants.similarity: TF-IDF on the dataset's
-- originals); null for decisions without edited text.
ALTER TABLE reviews ADD COLUMN similarity REAL;
`,
  },
  {
    version: 7,
    name: 'classifier metrics: undefined precision, recall and F1 stored as NULL',
    // Undefined is not zero (#15): a category never predicted has no precision, one without test
    // examples no recall, and one with neither no F1. SQLite cannot drop NOT NULL in place, so the
    // table is rebuilt; the rows stored before keep their values (0 where undefined then).
    sql: `
CREATE TABLE classifier_category_metrics_v7 (
  run_id INTEGER NOT NULL REFERENCES classifier_runs(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  precision REAL,
  recall REAL,
  f1 REAL,
  support INTEGER NOT NULL,
  PRIMARY KEY (run_id, category)
) WITHOUT ROWID;
INSERT INTO classifier_category_metrics_v7 (run_id, category, precision, recall, f1, support)
  SELECT run_id, category, precision, recall, f1, support FROM classifier_category_metrics;
DROP TABLE classifier_category_metrics;
ALTER TABLE classifier_category_metrics_v7 RENAME TO classifier_category_metrics;
`,
  },
  {
    version: 8,
    name: 'imports of JSON arrays and Parquet; dataset regions',
    // SQLite cannot alter a CHECK: the table is rebuilt with the same ids. Dropping the old
    // one sets posts.import_id to NULL (ON DELETE SET NULL), so the links are kept aside and put back.
    sql: `
CREATE TEMP TABLE post_import_links AS SELECT id, import_id FROM posts WHERE import_id IS NOT NULL;
CREATE TABLE imports_v8 (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('jsonl', 'csv', 'json', 'parquet')),
  file_sha256 TEXT NOT NULL,
  posts INTEGER NOT NULL,
  new_posts INTEGER NOT NULL,
  updated_posts INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT ${NOW}
);
INSERT INTO imports_v8 (id, dataset_id, file_name, format, file_sha256, posts, new_posts, updated_posts, created_at)
  SELECT id, dataset_id, file_name, format, file_sha256, posts, new_posts, updated_posts, created_at FROM imports;
DROP TABLE imports;
ALTER TABLE imports_v8 RENAME TO imports;
UPDATE posts SET import_id = (SELECT l.import_id FROM temp.post_import_links l WHERE l.id = posts.id)
  WHERE id IN (SELECT id FROM temp.post_import_links);
DROP TABLE temp.post_import_links;

-- ISO 3166-1 alpha-2: the country of national phone numbers and the order of numeric dates.
ALTER TABLE datasets ADD COLUMN region TEXT CHECK (region IS NULL OR (length(region) = 2 AND region = upper(region)));
`,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

import { openDatabase, currentSchemaVersion, type Db, type OpenOptions } from './database.js';
import { DatasetRepo } from './datasets-repo.js';
import { JobRepo } from './jobs-repo.js';
import { ModelRepo } from './models-repo.js';
import { PostRepo } from './posts-repo.js';
import { PromptRepo } from './prompts-repo.js';
import { VariantRepo } from './variants-repo.js';

/** A workspace: one SQLite file and the typed repositories over it. */
export class Store {
  readonly datasets: DatasetRepo;
  readonly posts: PostRepo;
  readonly models: ModelRepo;
  readonly prompts: PromptRepo;
  readonly jobs: JobRepo;
  readonly variants: VariantRepo;

  private constructor(
    readonly db: Db,
    readonly file: string,
  ) {
    this.datasets = new DatasetRepo(db);
    this.posts = new PostRepo(db);
    this.models = new ModelRepo(db);
    this.prompts = new PromptRepo(db);
    this.jobs = new JobRepo(db);
    this.variants = new VariantRepo(db);
  }

  static open(file: string, options?: OpenOptions): Store {
    return new Store(openDatabase(file, options), file);
  }

  schemaVersion(): number {
    return currentSchemaVersion(this.db);
  }

  close(): void {
    this.db.close();
  }
}

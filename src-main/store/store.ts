import { openDatabase, currentSchemaVersion, type Db, type OpenOptions } from './database.js';
import { DatasetRepo } from './datasets-repo.js';
import { PostRepo } from './posts-repo.js';

/** A workspace: one SQLite file and the typed repositories over it. */
export class Store {
  readonly datasets: DatasetRepo;
  readonly posts: PostRepo;

  private constructor(
    readonly db: Db,
    readonly file: string,
  ) {
    this.datasets = new DatasetRepo(db);
    this.posts = new PostRepo(db);
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

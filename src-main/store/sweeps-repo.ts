import type { Db } from './database.js';

/** The temperature the latest finished sweep chose for a model on a dataset, if any. */
export function latestChosenTemperature(db: Db, datasetId: number, modelId: number): number | undefined {
  return db
    .prepare<[number, number], number>(
      `SELECT p.temperature FROM sweep_points p JOIN sweeps s ON s.id = p.sweep_id
       WHERE s.dataset_id = ? AND s.state = 'done' AND p.model_id = ? AND p.chosen = 1
       ORDER BY s.id DESC LIMIT 1`,
    )
    .pluck()
    .get(datasetId, modelId);
}

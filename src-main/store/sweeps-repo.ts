import type { Db } from './database.js';

/** The temperature the latest finished sweep chose for a model on a dataset, if any. */
export function latestChosenTemperature(db: Db, datasetId: number, modelId: number): number | undefined {
  return latestChoice(db, datasetId, modelId)?.temperature;
}

/**
 * The temperature that `--temperature auto` uses for a model on a dataset, and the sweep that
 * chose it: the newest finished sweep of the dataset that chose one for the model.
 */
export function latestChoice(
  db: Db,
  datasetId: number,
  modelId: number,
): { temperature: number; sweep: number } | undefined {
  return db
    .prepare<[number, number], { temperature: number; sweep: number }>(
      `SELECT p.temperature, s.id AS sweep FROM sweep_points p JOIN sweeps s ON s.id = p.sweep_id
       WHERE s.dataset_id = ? AND s.state = 'done' AND p.model_id = ? AND p.chosen = 1
       ORDER BY s.id DESC LIMIT 1`,
    )
    .get(datasetId, modelId);
}

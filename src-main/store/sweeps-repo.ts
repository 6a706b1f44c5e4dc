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

/**
 * The latest finished sweep on a dataset that measured a model but chose no temperature for it (no temperature
 * had enough accepted replies), if that sweep is newer than any that chose one.
 */
export function latestSweepWithoutChoice(db: Db, datasetId: number, modelId: number): number | undefined {
  return db
    .prepare<[number, number], { id: number; chosen: number }>(
      `SELECT s.id, max(p.chosen) AS chosen FROM sweep_points p JOIN sweeps s ON s.id = p.sweep_id
       WHERE s.dataset_id = ? AND s.state = 'done' AND p.model_id = ?
       GROUP BY s.id ORDER BY s.id DESC LIMIT 1`,
    )
    .all(datasetId, modelId)
    .filter((r) => r.chosen === 0)
    .map((r) => r.id)[0];
}

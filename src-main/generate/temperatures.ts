import { latestChosenTemperature, latestSweepWithoutChoice } from '../store/sweeps-repo.js';
import type { Store } from '../store/store.js';

export const DEFAULT_TEMPERATURE = 0.8;

export class TemperatureError extends Error {
  override name = 'TemperatureError';
}

export type TemperatureSpec = { kind: 'auto' } | { kind: 'all'; value: number } | { kind: 'per-model'; values: Map<string, number> };

function parseValue(text: string, where: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v < 0 || v > 2) throw new TemperatureError(`${where}: "${text}" is not a temperature between 0 and 2`);
  return v;
}

/** `auto`, `0.7`, or `name=0.7,other=0.9`. */
export function parseTemperatureSpec(text: string): TemperatureSpec {
  const t = text.trim();
  if (t === 'auto') return { kind: 'auto' };
  if (!t.includes('=')) return { kind: 'all', value: parseValue(t, '--temperature') };
  const values = new Map<string, number>();
  for (const part of t.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (!name || value === undefined) throw new TemperatureError(`--temperature: "${part}" should look like model=0.7`);
    values.set(name, parseValue(value, `--temperature ${name}`));
  }
  return { kind: 'per-model', values };
}

export function resolveTemperature(
  store: Store,
  spec: TemperatureSpec | undefined,
  datasetId: number,
  model: { id: number; name: string },
): number {
  if (!spec) return latestChosenTemperature(store.db, datasetId, model.id) ?? DEFAULT_TEMPERATURE;
  if (spec.kind === 'all') return spec.value;
  if (spec.kind === 'per-model') {
    const v = spec.values.get(model.name);
    if (v === undefined) throw new TemperatureError(`--temperature gives no value for model "${model.name}"`);
    return v;
  }
  const unchosen = latestSweepWithoutChoice(store.db, datasetId, model.id);
  if (unchosen !== undefined) {
    throw new TemperatureError(
      `--temperature auto: the latest sweep (${unchosen}) chose no temperature for "${model.name}": no temperature had enough of its replies accepted by the reply gate (see synthlab sweeps). Give a temperature, or try another model or prompt`,
    );
  }
  const chosen = latestChosenTemperature(store.db, datasetId, model.id);
  if (chosen === undefined) {
    throw new TemperatureError(`--temperature auto: no temperature sweep has chosen a temperature for "${model.name}" on this dataset yet; run synthlab sweep first`);
  }
  return chosen;
}

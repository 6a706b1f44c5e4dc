import type { JobView } from '../../../src-main/contract/contract';

/** A generation job's models and temperatures, read from its stored parameters (free-form JSON in the contract). */
export function jobModels(job: JobView): { name: string; temperature: number | undefined }[] {
  const models = job.params.models;
  if (!Array.isArray(models)) return [];
  return models.flatMap((m: unknown) => {
    if (typeof m !== 'object' || m === null) return [];
    const { name, temperature } = m as { name?: unknown; temperature?: unknown };
    return typeof name === 'string'
      ? [{ name, temperature: typeof temperature === 'number' ? temperature : undefined }]
      : [];
  });
}

export function jobLimit(job: JobView): number | undefined {
  return typeof job.params.limit === 'number' ? job.params.limit : undefined;
}

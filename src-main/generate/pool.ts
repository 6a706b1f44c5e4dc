/**
 * Runs `work` on items pulled from `next` with at most `parallelism` in flight, stopping
 * early when the signal aborts. The first error stops the pool and is rethrown, but only once
 * every item in flight has settled: callers free what the work uses (a model's context) as
 * soon as this returns, and must not do so under a generation that is still stopping.
 */
export async function runPool<T>(
  parallelism: number,
  next: () => Promise<T | undefined>,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    try {
      while (!failure && !signal?.aborted) {
        const item = await next();
        if (item === undefined) return;
        await work(item);
      }
    } catch (err) {
      failure ??= { error: err };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallelism) }, worker));
  if (failure) throw failure.error;
}

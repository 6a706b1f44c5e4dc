/**
 * Runs `work` on items pulled from `next` with at most `parallelism` in flight, stopping
 * early when the signal aborts. The first error stops the pool and is rethrown.
 */
export async function runPool<T>(
  parallelism: number,
  next: () => Promise<T | undefined>,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let failed = false;
  const worker = async () => {
    while (!failed && !signal?.aborted) {
      const item = await next();
      if (item === undefined) return;
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallelism) }, worker));
}

import { describe, expect, it } from 'vitest';
import { runPool } from '../../src-main/generate/pool.js';

const queue =
  <T>(items: T[]) =>
  async () =>
    items.shift();
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runPool', () => {
  it('keeps at most `parallelism` items in flight and does them all', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await runPool(3, queue([1, 2, 3, 4, 5, 6, 7]), async (n) => {
      most = Math.max(most, ++inFlight);
      await later(5);
      inFlight--;
      done.push(n);
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('rethrows the first error only after the work in flight has settled, and starts no more', async () => {
    const finished: number[] = [];
    const run = runPool(2, queue([1, 2, 3, 4]), async (n) => {
      if (n === 1) throw new Error('item 1 failed');
      await later(30);
      finished.push(n);
    });
    await expect(run).rejects.toThrow('item 1 failed');
    // Item 2 was in flight when item 1 failed: it ended before the pool returned; 3 and 4 never started.
    expect(finished).toEqual([2]);
  });

  it('stops taking items once the signal aborts, after the ones in flight', async () => {
    const controller = new AbortController();
    const finished: number[] = [];
    await runPool(
      1,
      queue([1, 2, 3]),
      async (n) => {
        if (n === 1) controller.abort('pause');
        await later(10);
        finished.push(n);
      },
      controller.signal,
    );
    expect(finished).toEqual([1]);
  });
});

import { describe, expect, it } from 'vitest';
import { occupiedBins, niceTicks } from '../../src-main/contract/chart-scales.js';
import { modelColours, modelSlots, runColour, SERIES_PALETTE } from '../../src-main/contract/palette.js';

describe('shared chart palette', () => {
  it('gives a model the same colour whichever models a chart shows', () => {
    const registry = ['llama2', 'llama3', 'zephyr'];
    expect(modelColours(['zephyr'], registry).get('zephyr')).toBe(
      modelColours(['llama2', 'zephyr'], registry).get('zephyr'),
    );
    expect(modelColours(['zephyr'], registry).get('zephyr')).toBe(SERIES_PALETTE.light[2]);
    expect(modelColours(['llama3'], registry, 'dark').get('llama3')).toBe(SERIES_PALETTE.dark[1]);
    // A model no longer registered takes the next free slot.
    expect(modelSlots(['gone', 'llama2'], registry)).toEqual(
      new Map([
        ['llama2', 0],
        ['llama3', 1],
        ['zephyr', 2],
        ['gone', 3],
      ]),
    );
  });
  it('has distinct colours in each theme', () => {
    for (const theme of ['light', 'dark'] as const)
      expect(new Set(SERIES_PALETTE[theme]).size).toBe(SERIES_PALETTE[theme].length);
  });
});

describe('shared axis scales', () => {
  it('ends the axis at or above the highest value', () => {
    expect(niceTicks(0.031)).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(niceTicks(0)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it('keeps the occupied bins of histograms, with one bin of margin', () => {
    expect(
      occupiedBins([
        [0, 0, 0, 2, 5, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 3, 0, 0, 0, 0],
      ]),
    ).toEqual([2, 6]);
    expect(
      occupiedBins([
        [4, 0, 0],
        [0, 0, 1],
      ]),
    ).toEqual([0, 2]);
    expect(occupiedBins([[0, 0, 0]])).toEqual([0, 2]);
  });
});

describe('runColour', () => {
  it("gives a run on one model's variants that model's colour, and the other runs colours of their own", () => {
    const registry = ['llama2', 'llama3', 'zephyr'];
    const models = modelColours(registry, registry);
    expect(runColour({ experiment: 'b', train_source: 'synthetic:llama3' }, registry)).toBe(models.get('llama3'));
    expect(runColour({ experiment: 'd', train_source: 'synthetic:zephyr' }, registry)).toBe(models.get('zephyr'));
    const others = [
      runColour({ experiment: 'a', train_source: 'original' }, registry),
      runColour({ experiment: 'c', train_source: 'synthetic:all' }, registry),
      runColour({ experiment: 'd', train_source: 'synthetic:all' }, registry),
    ];
    expect(new Set(others).size).toBe(3);
    for (const c of others) expect([...models.values()]).not.toContain(c);
    expect(runColour({ experiment: 'a', train_source: 'original' }, registry, 'dark')).toBe(SERIES_PALETTE.dark.at(-1));
  });
});

/**
 * Iterative stratification for multi-label data (Sechidis, Tsoumakas & Vlahavas, "On the
 * stratification of multi-label data", ECML PKDD 2011, algorithm 1). Labels are handled from the
 * rarest up, so rare categories are spread before common ones use up the subsets' room. Pure.
 *
 * One addition: while a label's unassigned examples are no more than the subsets still lacking
 * it, its next example goes to one of those subsets, so a category with at least as many
 * examples as subsets appears in every subset (plain desire-based choice would send both
 * examples of a two-example label to the larger side of an 80/20 split).
 */
import { createRandom, randomInt, shuffleInPlace, type Random } from './random.js';

/** Index of the largest value among `candidates`; ties broken by `tieBreak`, then at random. */
function argmax(
  candidates: readonly number[],
  value: (j: number) => number,
  random: Random,
  tieBreak?: (j: number) => number,
) {
  let best: number[] = [];
  let bestValue = -Infinity;
  for (const j of candidates) {
    const v = value(j);
    if (v > bestValue) {
      bestValue = v;
      best = [j];
    } else if (v === bestValue) best.push(j);
  }
  if (best.length > 1 && tieBreak) return argmax(best, tieBreak, random);
  return best.length === 1 ? best[0]! : best[randomInt(random, best.length)]!;
}

/**
 * Assigns each example to one of `proportions.length` subsets (sizes in those proportions)
 * and returns the subset index of every example. Seeded: same input and seed, same result.
 */
export function iterativeStratification<L>(
  labelSets: readonly (readonly L[])[],
  proportions: readonly number[],
  seed: number,
): Int32Array {
  const random = createRandom(seed);
  const n = labelSets.length;
  const subsets = proportions.map((_, j) => j);
  const total = proportions.reduce((a, b) => a + b, 0);
  if (!(total > 0) || proportions.some((p) => p < 0))
    throw new Error('split proportions must be non-negative and not all zero');
  const shares = proportions.map((p) => p / total);

  // Examples in a seeded order: ties between equally wanted examples follow the seed, not the input.
  const order = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, random);
  const examplesOf = new Map<L, number[]>();
  for (const i of order) {
    for (const label of new Set(labelSets[i])) {
      let list = examplesOf.get(label);
      if (!list) examplesOf.set(label, (list = []));
      list.push(i);
    }
  }

  const wanted = shares.map((s) => s * n);
  const wantedOf = new Map<L, number[]>();
  const haveOf = new Map<L, number[]>();
  const unassignedOf = new Map<L, number>();
  for (const [label, list] of examplesOf) {
    wantedOf.set(
      label,
      shares.map((s) => s * list.length),
    );
    haveOf.set(
      label,
      subsets.map(() => 0),
    );
    unassignedOf.set(label, list.length);
  }

  const subsetOf = new Int32Array(n).fill(-1);
  const assign = (i: number, j: number) => {
    subsetOf[i] = j;
    wanted[j]!--;
    for (const label of new Set(labelSets[i])) {
      wantedOf.get(label)![j]!--;
      haveOf.get(label)![j]!++;
      unassignedOf.set(label, unassignedOf.get(label)! - 1);
    }
  };

  for (;;) {
    // The label with the fewest unassigned examples (ties at random).
    const open = [...unassignedOf].filter(([, k]) => k > 0);
    if (!open.length) break;
    const fewest = Math.min(...open.map(([, k]) => k));
    const rarest = open.filter(([, k]) => k === fewest);
    const label = rarest[randomInt(random, rarest.length)]![0];
    const labelWanted = wantedOf.get(label)!;
    const labelHave = haveOf.get(label)!;
    for (const i of examplesOf.get(label)!) {
      if (subsetOf[i] !== -1) continue;
      const lacking = subsets.filter((j) => labelHave[j] === 0 && shares[j]! > 0);
      const candidates = lacking.length && unassignedOf.get(label)! <= lacking.length ? lacking : subsets;
      assign(
        i,
        argmax(
          candidates,
          (j) => labelWanted[j]!,
          random,
          (j) => wanted[j]!,
        ),
      );
    }
  }
  // Examples with no label go where the most room is left.
  for (const i of order)
    if (subsetOf[i] === -1)
      assign(
        i,
        argmax(subsets, (j) => wanted[j]!, random),
      );
  return subsetOf;
}

export interface TrainTestSplit {
  /** Example indices, ascending. */
  train: number[];
  test: number[];
}

/** A seeded, stratified train/test split with `testShare` of the examples in the test part. */
export function stratifiedSplit<L>(
  labelSets: readonly (readonly L[])[],
  testShare: number,
  seed: number,
): TrainTestSplit {
  if (!(testShare >= 0 && testShare < 1)) throw new Error(`test share must be in [0, 1), got ${testShare}`);
  const subsetOf = iterativeStratification(labelSets, [1 - testShare, testShare], seed);
  const split: TrainTestSplit = { train: [], test: [] };
  subsetOf.forEach((j, i) => (j === 0 ? split.train : split.test).push(i));
  return split;
}

/**
 * Splits items that belong to groups (a source post and its variants) so that a whole group
 * falls on one side: groups are stratified by the union of their items' labels.
 */
export function groupedSplit<L>(
  items: readonly { group: number; labels: readonly L[] }[],
  testShare: number,
  seed: number,
): TrainTestSplit {
  const groups = new Map<number, Set<L>>();
  for (const item of items) {
    let labels = groups.get(item.group);
    if (!labels) groups.set(item.group, (labels = new Set()));
    for (const l of item.labels) labels.add(l);
  }
  const ids = [...groups.keys()];
  const groupSplit = stratifiedSplit(
    ids.map((g) => [...groups.get(g)!]),
    testShare,
    seed,
  );
  const testGroups = new Set(groupSplit.test.map((k) => ids[k]!));
  const split: TrainTestSplit = { train: [], test: [] };
  items.forEach((item, i) => (testGroups.has(item.group) ? split.test : split.train).push(i));
  return split;
}

/**
 * Assigns items to `k` cross-validation folds, whole groups (a post and its variants) together,
 * stratified by the union of each group's labels; returns each item's fold, 0 … k−1. Seeded.
 */
export function groupedFolds<L>(
  items: readonly { group: number; labels: readonly L[] }[],
  k: number,
  seed: number,
): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`cross-validation needs at least 2 folds, got ${k}`);
  const groups = new Map<number, Set<L>>();
  for (const item of items) {
    let labels = groups.get(item.group);
    if (!labels) groups.set(item.group, (labels = new Set()));
    for (const l of item.labels) labels.add(l);
  }
  const ids = [...groups.keys()];
  if (ids.length < k)
    throw new Error(`${k}-fold cross-validation needs at least ${k} training posts, got ${ids.length}`);
  const foldOfGroup = iterativeStratification(
    ids.map((g) => [...groups.get(g)!]),
    new Array<number>(k).fill(1),
    seed,
  );
  const index = new Map(ids.map((g, i) => [g, foldOfGroup[i]!]));
  return Int32Array.from(items, (item) => index.get(item.group)!);
}

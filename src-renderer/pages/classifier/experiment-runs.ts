import {
  SOURCE_ALL_SYNTHETIC,
  SOURCE_ORIGINAL,
  type ExperimentResult,
  type ExperimentRun,
} from '../../../src-main/contract/classify-schemas';
import { sourceLabel } from './sources';

/** One set of bars in the F1 chart: a run of the experiment. */
export interface F1Group {
  key: string;
  label: string;
  run: ExperimentRun;
}

/**
 * "within": what each source supports on its own kind of text: (a) original, (b) each model,
 * (c) all synthetic, and (d) TSTR with all synthetic (train synthetic, test held-out originals).
 * "tstr": how well each model's variants alone teach a classifier for real posts, beside (a).
 */
export type F1View = 'within' | 'tstr';

export const F1_VIEW_LABELS: Record<F1View, string> = {
  within: 'Original, each model, all synthetic, TSTR',
  tstr: 'TSTR by model',
};

const group = (run: ExperimentRun, label: string): F1Group => ({
  key: `${run.experiment}:${run.train_source}`,
  label,
  run,
});

export function f1Groups(result: ExperimentResult, view: F1View): F1Group[] {
  const of = (experiment: ExperimentRun['experiment']) => result.runs.filter((r) => r.experiment === experiment);
  const original = of('a').map((r) => group(r, 'original'));
  const tstrAll = of('d').filter((r) => r.train_source === SOURCE_ALL_SYNTHETIC);
  const tstrByModel = of('d').filter((r) => r.train_source !== SOURCE_ALL_SYNTHETIC);
  if (view === 'tstr')
    return [
      ...original,
      ...tstrByModel.map((r) => group(r, `TSTR ${sourceLabel(r.train_source)}`)),
      ...tstrAll.map((r) => group(r, 'TSTR all synthetic')),
    ];
  return [
    ...original,
    ...of('b').map((r) => group(r, sourceLabel(r.train_source))),
    ...of('c').map((r) => group(r, 'all synthetic')),
    ...tstrAll.map((r) => group(r, 'TSTR')),
  ];
}

/** The categories in the order the engine reports them. */
export const experimentCategories = (result: ExperimentResult): string[] =>
  result.runs.find((r) => r.train_source === SOURCE_ORIGINAL)?.metrics.categories.map((c) => c.name) ??
  result.runs[0]?.metrics.categories.map((c) => c.name) ??
  [];

/** A source's place in tables: the originals, then each model, then all synthetic. */
const sourceRank = (source: string): string =>
  source === SOURCE_ORIGINAL ? '0' : source === SOURCE_ALL_SYNTHETIC ? '2' : `1${source}`;

/** The runs in the order of the study, (a) to (e), then by training and test source. */
export const orderedRuns = (result: ExperimentResult): ExperimentRun[] =>
  [...result.runs].sort(
    (x, y) =>
      x.experiment.localeCompare(y.experiment) ||
      sourceRank(x.train_source).localeCompare(sourceRank(y.train_source)) ||
      sourceRank(x.test_source).localeCompare(sourceRank(y.test_source)),
  );

/** No run gave any category a positive F1: the classifier predicted nothing, usually from too little training. */
export const nothingLearnt = (groups: F1Group[]): boolean =>
  groups.every((g) => g.run.metrics.categories.every((c) => !c.f1));

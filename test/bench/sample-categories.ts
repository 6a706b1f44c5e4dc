/** The sample dataset's twelve category names, which the benchmarks' generated posts use too. */
import fs from 'node:fs';
import { resourcePath } from '../../src-main/util/resources.js';

export const SAMPLE_CATEGORIES: readonly string[] = (
  JSON.parse(fs.readFileSync(resourcePath('sample', 'categories.json'), 'utf8')) as { name: string }[]
).map((c) => c.name);

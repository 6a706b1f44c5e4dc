import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/datasets/importer.js';
import { currentRephraseTemplate } from '../../src-main/generate/prompt.js';
import { registerGguf } from '../../src-main/llm/model-registry.js';
import { buildReport } from '../../src-main/report/report.js';
import { Store } from '../../src-main/store/store.js';
import { createSweep, runSweep } from '../../src-main/sweep/sweep-job.js';
import { tinyModels } from '../helpers/models.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

describe('report contents', () => {
  it('takes the newest finished sweep unless one is chosen, and refuses runs of another dataset', async () => {
    const store = Store.open(path.join(tmpDir(), 'report.db'));
    const sample = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');
    await importFile(store, sample, { dataset: 'sample' });
    await importFile(store, sample, { dataset: 'other' });
    const files = await tinyModels();
    const model = await registerGguf(store, { name: 'tiny-zephyr', family: 'zephyr', file: files.zephyr });
    const sweepOn = async (name: string) => {
      const d = store.datasets.get(name)!;
      const { sweepId, jobId } = createSweep(store, {
        dataset: name,
        datasetId: d.id,
        models: [{ modelId: model.id, name: model.name }],
        sampleSize: 2,
        temperatures: [0.7],
        seed: 1,
        threads: 1,
        maxTokens: 8,
        maxAttempts: 1,
        promptTemplateId: currentRephraseTemplate(store).id,
      });
      await runSweep(store, jobId);
      return sweepId;
    };
    const first = await sweepOn('sample');
    const second = await sweepOn('sample');
    const elsewhere = await sweepOn('other');

    expect(buildReport(store, 'sample')).toContain(`Sweep ${second} (job `);
    const chosen = buildReport(store, 'sample', { sweep: first });
    expect(chosen).toContain(`Sweep ${first} (job `);
    expect(chosen).not.toContain(`Sweep ${second} (job `);
    expect(chosen).toContain('a ring marks each model');
    expect(() => buildReport(store, 'sample', { sweep: elsewhere })).toThrow(
      `sweep ${elsewhere} is not of dataset "sample"`,
    );
    expect(() => buildReport(store, 'sample', { sweep: 999 })).toThrow('no sweep 999');
    expect(() => buildReport(store, 'sample', { audit: 7 })).toThrow('no audit 7 of dataset "sample"');
    store.close();
  }, 120_000);
});

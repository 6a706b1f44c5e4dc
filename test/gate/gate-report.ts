/**
 * `npm run gate:report`: the reply gate's per-outcome precision, recall and support on the labelled corpus
 * (whole corpus and its held-out templates) and the overall agreement, as Markdown; `--misses` also lists
 * each disagreement.
 */
import path from 'node:path';
import { figures, markdownTable, readCorpus, scoreRows } from './corpus-eval.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const results = scoreRows(readCorpus(path.join(ROOT, 'test', 'fixtures', 'gate', 'replies.jsonl')));
console.log(markdownTable(figures(results), figures(results.filter((r) => r.row.held_out))));
if (process.argv.includes('--misses')) {
  for (const r of results.filter((x) => !x.agrees)) {
    console.log(
      `\n${r.row.id} [${r.row.template}${r.row.held_out ? ', held out' : ''}] expected ${r.row.expected}, got ${r.verdict.outcome}: ${r.verdict.detail}`,
    );
    if (r.row.expected === 'accepted' && r.verdict.outcome === 'accepted')
      console.log(`  expected text ${JSON.stringify(r.row.text)}\n  got text      ${JSON.stringify(r.verdict.text)}`);
  }
}

import { useState } from 'react';
import type { ProcOutput } from '../../../src-main/contract/contract';
import { call } from '../../api/client';
import { useToasts } from '../../app/toasts';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Panel } from '../../components/Panel';
import { useAction } from '../../components/use-action';
import { ResultSetNote, SyntheticSetCounter } from '../../components/VariantSetCounts';

type Release = ProcOutput<'release.create'>;

/**
 * The release: the synthetic set written as a dataset (JSONL and CSV with provenance) and its
 * DATASET_CARD.md, into a new folder beside the workspace on the machine running the engine.
 */
export function ReleasePanel({ dataset }: { dataset: string }) {
  const { notify } = useToasts();
  const [done, setDone] = useState<Release>();
  const release = useAction(async () => {
    const r = await call('release.create', { dataset });
    setDone(r);
    notify('success', `Released ${r.counts.included} variants to ${r.dir}.`);
  });
  return (
    <Panel title="Release the synthetic set">
      <div className="stack">
        <p>
          Writes what a researcher publishes: <code>synthetic.jsonl</code> and <code>synthetic.csv</code> (text, labels
          and each variant’s provenance: source post, model and its SHA-256, temperature, seed, prompt version, edits,
          relabels and review decisions), and <code>DATASET_CARD.md</code> with the counts, models, temperatures, gate
          and review statistics and the latest audit and experiment run on the synthetic set. Both files import back as
          a dataset.
        </p>
        <SyntheticSetCounter dataset={dataset} refresh={done} />
        <div className="row">
          <button
            type="button"
            className="button button-primary"
            onClick={() => void release.run()}
            disabled={release.busy}
          >
            {release.busy ? 'Releasing…' : 'Release the synthetic set'}
          </button>
        </div>
        {release.error && (
          <ErrorBanner title="Could not release" message={release.error} onDismiss={release.clearError} />
        )}
        {done && (
          <div className="stack-tight" role="status">
            <p>
              Written to <code>{done.dir}</code>:
            </p>
            <ul>
              {done.files.map((f) => (
                <li key={f}>
                  <code>{f}</code>
                </li>
              ))}
            </ul>
            <ResultSetNote counts={done.counts} />
            {done.audit === null && <p className="muted">No audit of the synthetic set yet: the card says so.</p>}
            {done.experiment === null && (
              <p className="muted">No experiment on the synthetic set yet: the card says so.</p>
            )}
          </div>
        )}
      </div>
    </Panel>
  );
}

import { call } from '../../api/client';
import { useToasts } from '../../app/toasts';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Panel } from '../../components/Panel';
import { useAction } from '../../components/use-action';

export function TinyModelsPanel({ onAdded }: { onAdded: () => void }) {
  const { notify } = useToasts();
  const add = useAction(async () => {
    const models = await call('models.addTiny', {});
    notify('success', `Added ${models.length} tiny test models: ${models.map((m) => m.name).join(', ')}.`);
    onAdded();
  });
  return (
    <Panel title="Try the workflow without real models">
      <div className="stack">
        <p>
          Three tiny models with <strong>random weights</strong>, one per family, made on this machine in a second. They
          run anywhere but write <strong>gibberish</strong>: use them to try importing, generating and reviewing, never
          for results. Their files go into <code>models/tiny</code> beside this workspace’s database.
        </p>
        <div className="row">
          <button type="button" className="button" onClick={() => void add.run()} disabled={add.busy}>
            {add.busy ? 'Adding…' : 'Add tiny test models (gibberish output)'}
          </button>
        </div>
        {add.error && (
          <ErrorBanner title="Could not add the test models" message={add.error} onDismiss={add.clearError} />
        )}
      </div>
    </Panel>
  );
}

import type { ModelView } from '../../../src-main/contract/contract';
import { call } from '../../api/client';
import { useApi } from '../../api/use-api';
import { useToasts } from '../../app/toasts';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { AddModelPanel } from './AddModelPanel';
import { DoctorPanel } from './DoctorPanel';
import { FamilyPresets } from './FamilyPresets';
import { HardwareSummary } from './HardwareSummary';
import { ModelTable } from './ModelTable';
import { TestPromptPanel } from './TestPromptPanel';
import { TinyModelsPanel } from './TinyModelsPanel';

export function ModelsPage() {
  const models = useApi('models.list', {});
  const { notify } = useToasts();
  const list = models.data?.models;

  const remove = async (model: ModelView) => {
    if (!window.confirm(`Remove ${model.name} from SynthLab? The file itself is kept.`)) return;
    try {
      await call('models.remove', { name: model.name });
      notify('info', `Removed ${model.name}.`);
      models.reload();
    } catch (err) {
      notify('error', (err as Error).message);
    }
  };

  return (
    <div className="page">
      <PageHeader title="Models" actions={models.data && <HardwareSummary hardware={models.data.hardware} />}>
        The local LLMs that rephrase posts. Use one model of each family for a 1:3 generation.
      </PageHeader>
      {models.error && <ErrorBanner title="Could not list models" message={models.error} />}
      <DoctorPanel />
      <Panel title={list ? `Registered models (${list.length})` : 'Registered models'}>
        {list === undefined ? (
          <p className="muted">Loading…</p>
        ) : list.length === 0 ? (
          <EmptyState title="No models yet">
            <p>
              Register a GGUF file or an endpoint below, or add the tiny test models to try the workflow first. For real
              results use one model per family, e.g. Llama 2 7B Chat, Llama 3 8B Instruct and Zephyr 7B β.
            </p>
          </EmptyState>
        ) : (
          <ModelTable models={list} onRemove={remove} />
        )}
      </Panel>
      <div className="grid grid-main-side">
        <AddModelPanel onAdded={models.reload} />
        <TinyModelsPanel onAdded={models.reload} />
      </div>
      {list && list.length > 0 && <TestPromptPanel models={list} />}
      <FamilyPresets />
    </div>
  );
}

import type { ModelView } from '../../../src-main/contract/contract';
import { Badge } from '../../components/Badge';
import { formatCount, formatParameters } from '../../lib/format';
import { isStandInModel, isTinyModel, modelFacts } from './model-metadata';

interface ModelTableProps {
  models: ModelView[];
  onRemove: (model: ModelView) => void;
}

const dash = '—';

export function ModelTable({ models, onRemove }: ModelTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Family</th>
            <th scope="col">
              <abbr title="Architecture">Arch.</abbr>
            </th>
            <th scope="col" className="numeric">
              <abbr title="Parameters">Params</abbr>
            </th>
            <th scope="col">
              <abbr title="Quantisation">Quant.</abbr>
            </th>
            <th scope="col" className="numeric">
              Context
            </th>
            <th scope="col">
              <abbr title="Chat template">Template</abbr>
            </th>
            <th scope="col">SHA-256</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const facts = modelFacts(m);
            return (
              <tr key={m.id}>
                <th scope="row">
                  <div className="model-name">
                    {m.name}{' '}
                    {isTinyModel(m) && (
                      <Badge tone="warn" title="Random weights: the output is gibberish">
                        test model
                      </Badge>
                    )}
                    {isStandInModel(m) && (
                      <Badge tone="warn" title="The demo's rule-based rephraser: swaps synonyms and personal values">
                        not an LLM
                      </Badge>
                    )}
                  </div>
                  <div className="cell-note path" title={m.file ?? m.endpoint ?? ''}>
                    {m.backend === 'gguf' ? m.file : `${m.endpoint} · ${m.endpointModel}`}
                  </div>
                </th>
                <td>
                  <code>{m.family}</code>
                </td>
                <td>{facts.architecture ?? (m.backend === 'endpoint' ? 'endpoint' : dash)}</td>
                <td
                  className="numeric"
                  title={facts.parameters === undefined ? undefined : formatCount(facts.parameters)}
                >
                  {facts.parameters === undefined ? dash : formatParameters(facts.parameters)}
                </td>
                <td>{facts.quantisation ?? dash}</td>
                <td className="numeric">
                  {facts.contextLength === undefined ? dash : formatCount(facts.contextLength)}
                </td>
                <td>{m.backend === 'endpoint' ? 'server’s' : facts.hasChatTemplate ? 'embedded' : 'family format'}</td>
                <td>
                  {m.sha256 ? (
                    <code className="hash" title={m.sha256}>
                      {m.sha256.slice(0, 8)}…
                    </code>
                  ) : (
                    dash
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    onClick={() => onRemove(m)}
                    aria-label={`Remove ${m.name}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

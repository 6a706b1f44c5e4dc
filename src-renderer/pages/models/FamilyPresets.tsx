import type { ModelFamily } from '../../../src-main/contract/schemas';
import { Panel } from '../../components/Panel';

interface FamilyPreset {
  family: ModelFamily;
  title: string;
  origin: string;
  format: string;
}

/** What each family preset means: which models it fits and the prompt format it implies. */
export const FAMILY_PRESETS: readonly FamilyPreset[] = [
  {
    family: 'llama2-chat',
    title: 'Llama 2 Chat',
    origin: 'Meta’s 2023 chat models, e.g. llama-2-7b-chat.Q4_K_M.gguf.',
    format: '<s>[INST] <<SYS>> system <</SYS>> user [/INST]',
  },
  {
    family: 'llama3-instruct',
    title: 'Llama 3 Instruct',
    origin: 'Meta’s 2024 instruction-tuned models, e.g. Meta-Llama-3-8B-Instruct.Q4_K_M.gguf.',
    format: '<|start_header_id|>user<|end_header_id|> … <|eot_id|>',
  },
  {
    family: 'zephyr',
    title: 'Zephyr',
    origin: 'Hugging Face H4’s Mistral fine-tune, e.g. zephyr-7b-beta.Q4_K_M.gguf.',
    format: '<|system|> … </s> <|user|> … </s> <|assistant|>',
  },
];

export function FamilyPresets() {
  return (
    <Panel title="Model families">
      <p className="muted panel-intro">
        Every model belongs to one of three families. The family sets the prompt format used when a GGUF file carries no
        chat template of its own, and groups results in charts and reports.
      </p>
      <ul className="card-grid">
        {FAMILY_PRESETS.map((p) => (
          <li key={p.family} className="card">
            <h3>{p.title}</h3>
            <p className="card-meta">
              <code>{p.family}</code>
            </p>
            <p>{p.origin}</p>
            <p className="prompt-format" aria-label="Prompt format">
              {p.format}
            </p>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

import type { ModelFamily } from '../contract/schemas.js';
import type { ModelRow } from '../store/models-repo.js';
import { GenerationError, type TextGenerator } from './backend.js';
import { EmbeddedGenerator } from './embedded-backend.js';
import { createOpenAiGenerator } from './openai-backend.js';

export interface OpenModelOptions {
  threads?: number;
  parallel?: number;
  gpu?: boolean;
}

/** A registered model, ready to generate: loaded from its GGUF file or reached over HTTP. */
export async function openModel(row: ModelRow, o: OpenModelOptions = {}): Promise<TextGenerator> {
  if (row.backend === 'endpoint') {
    return createOpenAiGenerator({ baseUrl: row.endpoint_url!, model: row.endpoint_model!, concurrency: o.parallel ?? 4 });
  }
  if (!row.gguf_path) throw new GenerationError(`model "${row.name}" has no GGUF file`);
  return EmbeddedGenerator.load({
    modelPath: row.gguf_path,
    family: row.family as ModelFamily,
    ...(o.threads ? { threads: o.threads } : {}),
    parallel: o.parallel ?? 4,
    gpu: o.gpu === false ? false : 'auto',
  });
}

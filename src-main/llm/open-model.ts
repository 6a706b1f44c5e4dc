import type { ModelFamily } from '../contract/schemas.js';
import type { ModelRow } from '../store/models-repo.js';
import { GenerationError, type TextGenerator } from './backend.js';
import { EmbeddedGenerator } from './embedded-backend.js';
import { createOpenAiGenerator } from './openai-backend.js';
import { HTTP_CONCURRENCY } from './thread-policy.js';

export interface OpenModelOptions {
  /** CPU threads of an embedded model; default: the thread policy's (thread-policy.ts). */
  threads?: number;
  /** Sequences of an embedded model, or requests in flight to an endpoint; default: the thread policy's. */
  parallel?: number;
  gpu?: boolean;
}

/** A registered model, ready to generate: loaded from its GGUF file or reached over HTTP. */
export async function openModel(row: ModelRow, o: OpenModelOptions = {}): Promise<TextGenerator> {
  if (row.backend === 'endpoint') {
    return createOpenAiGenerator({ baseUrl: row.endpoint_url!, model: row.endpoint_model!, concurrency: o.parallel ?? HTTP_CONCURRENCY });
  }
  if (!row.gguf_path) throw new GenerationError(`model "${row.name}" has no GGUF file`);
  return EmbeddedGenerator.load({
    modelPath: row.gguf_path,
    family: row.family as ModelFamily,
    ...(o.threads ? { threads: o.threads } : {}),
    ...(o.parallel ? { parallel: o.parallel } : {}),
    gpu: o.gpu === false ? false : 'auto',
  });
}

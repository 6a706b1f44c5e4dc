import type { ModelView } from '../../../src-main/contract/contract';

/** The GGUF header fields the registry records; endpoint models carry few or none of them. */
export interface ModelFacts {
  architecture: string | undefined;
  parameters: number | undefined;
  quantisation: string | undefined;
  contextLength: number | undefined;
  hasChatTemplate: boolean;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function modelFacts(model: ModelView): ModelFacts {
  const m = model.metadata;
  return {
    architecture: text(m.architecture),
    parameters: count(m.parameters),
    quantisation: text(m.quantisation),
    contextLength: count(m.contextLength),
    hasChatTemplate: Boolean(text(m.chatTemplate)),
  };
}

/** The tiny test models are registered under these names by `models.addTiny`. */
export const isTinyModel = (model: ModelView): boolean => model.name.startsWith('tiny-');
/** The demo's rule-based rephraser: its endpoint model id says it is not an LLM (src-main/test-models/stand-in-server.ts). */
export const isStandInModel = (model: ModelView): boolean => model.endpointModel?.includes('not an LLM') ?? false;

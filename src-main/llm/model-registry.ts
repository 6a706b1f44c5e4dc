import path from 'node:path';
import { ModelFamilySchema, type ModelFamily } from '../contract/schemas.js';
import type { ModelRow } from '../store/models-repo.js';
import type { Store } from '../store/store.js';
import { fileSha256, inspectGguf, ModelFileError, type GgufSummary } from './gguf-inspect.js';
import { probeEndpoint } from './openai-backend.js';

/** A registered model as the API and the CLI show it: the row with its GGUF metadata parsed. */
export function modelView(m: ModelRow) {
  return {
    id: m.id,
    name: m.name,
    family: m.family,
    backend: m.backend,
    file: m.gguf_path,
    sha256: m.file_sha256,
    endpoint: m.endpoint_url,
    endpointModel: m.endpoint_model,
    metadata: JSON.parse(m.metadata_json) as Record<string, unknown>,
  };
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

function checkNew(store: Store, name: string, family: string): ModelFamily {
  if (!name.trim()) throw new RegistryError('a model needs a name');
  if (store.models.get(name)) throw new RegistryError(`a model named "${name}" is already registered`);
  const parsed = ModelFamilySchema.safeParse(family);
  if (!parsed.success) throw new RegistryError(`unknown family "${family}": use ${ModelFamilySchema.options.join(', ')}`);
  return parsed.data;
}

/** Registers a local GGUF file after checking its header and hashing it. */
export async function registerGguf(store: Store, o: { name: string; family: string; file: string }): Promise<ModelRow> {
  const family = checkNew(store, o.name, o.family);
  const file = path.resolve(o.file);
  const summary: GgufSummary = await inspectGguf(file);
  const sha256 = await fileSha256(file);
  return store.models.add({ name: o.name, family, backend: 'gguf', gguf_path: file, file_sha256: sha256, metadata: summary });
}

/** Registers an OpenAI-compatible endpoint; checks it serves the model unless told not to. */
export async function registerEndpoint(
  store: Store,
  o: { name: string; family: string; url: string; model: string; check?: boolean },
): Promise<ModelRow> {
  const family = checkNew(store, o.name, o.family);
  let served: string[] | undefined;
  if (o.check !== false) {
    served = await probeEndpoint(o.url);
    if (!served.includes(o.model)) {
      throw new RegistryError(`${o.url} does not serve a model "${o.model}" (it serves: ${served.join(', ') || 'none'})`);
    }
  }
  return store.models.add({
    name: o.name,
    family,
    backend: 'endpoint',
    endpoint_url: o.url,
    endpoint_model: o.model,
    metadata: served ? { servedModels: served } : {},
  });
}

export function removeModel(store: Store, name: string): void {
  const row = store.models.get(name);
  if (!row) throw new RegistryError(`no model named "${name}"`);
  const n = store.models.variants(row.id);
  if (n > 0) throw new RegistryError(`model "${name}" has ${n} variants; they keep its provenance, so it cannot be removed`);
  store.models.remove(row.id);
}

export { ModelFileError };

import { env } from '@huggingface/transformers';

let configured = false;

/**
 * transformers.js set for offline lab machines: local folders only, no hub, no download
 * cache (it is consulted before local paths and could serve a stale file).
 */
export function offlineTransformers(): typeof env {
  if (!configured) {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.useFSCache = false;
    configured = true;
  }
  return env;
}

/**
 * node-llama-cpp, imported on first use: loading it takes about 0.4 s, which CLI commands and
 * workers that run no model should not pay.
 */
export type LlamaModule = typeof import('node-llama-cpp');

let loading: Promise<LlamaModule> | undefined;

export function llamaModule(): Promise<LlamaModule> {
  return (loading ??= import('node-llama-cpp'));
}

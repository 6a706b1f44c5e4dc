/**
 * Where onnxruntime-node (the copy transformers.js loads) lives and which execution providers it
 * has, without importing transformers.js (which takes most of a second).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const CUDA_PROVIDER_FILE: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'libonnxruntime_providers_cuda.so',
  win32: 'onnxruntime_providers_cuda.dll',
};

/** The onnxruntime-node package folder transformers.js resolves, or null where it is not installed. */
export function onnxRuntimeRoot(): string | null {
  try {
    const fromTransformers = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'));
    return path.dirname(fromTransformers.resolve('onnxruntime-node/package.json'));
  } catch {
    return null;
  }
}

/** Where onnxruntime-node's install script puts the CUDA provider library (beside the binding), or null on platforms without one. */
export function cudaProviderPath(): string | null {
  const file = CUDA_PROVIDER_FILE[process.platform];
  const root = onnxRuntimeRoot();
  return file && root ? path.join(root, 'bin', 'napi-v6', process.platform, process.arch, file) : null;
}

/** Whether the onnxruntime-node that transformers.js loads has its CUDA provider library. */
export function cudaProviderInstalled(): boolean {
  const file = cudaProviderPath();
  return file !== null && fs.existsSync(file);
}

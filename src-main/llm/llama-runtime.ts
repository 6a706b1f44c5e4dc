import type { Llama } from 'node-llama-cpp';
import { llamaModule } from './llama-module.js';

export type GpuPreference = 'auto' | false;

const runtimes = new Map<string, Promise<Llama>>();

/**
 * One node-llama-cpp runtime per process and GPU preference: loading the native binding is
 * slow, and it never builds from source (that would need the internet).
 */
export function llamaRuntime(gpu: GpuPreference = 'auto'): Promise<Llama> {
  const key = String(gpu);
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = llamaModule().then(({ getLlama, LlamaLogLevel }) =>
      getLlama({ gpu, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false, skipDownload: true }),
    );
    runtimes.set(key, runtime);
  }
  return runtime;
}

export interface HardwareReport {
  backend: 'cuda' | 'vulkan' | 'metal' | 'cpu';
  gpuDevices: string[];
  /** Physical cores, the default thread count. */
  physicalCores: number;
}

export async function hardwareReport(gpu: GpuPreference = 'auto'): Promise<HardwareReport> {
  const llama = await llamaRuntime(gpu);
  return {
    backend: llama.gpu === false ? 'cpu' : llama.gpu,
    gpuDevices: llama.gpu === false ? [] : await llama.getGpuDeviceNames(),
    physicalCores: llama.cpuMathCores,
  };
}

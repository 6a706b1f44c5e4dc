/**
 * What SynthLab will use on this machine (thread counts, parallel sequences, HTTP concurrency)
 * and the `synthlab doctor` report. Pure zod: the renderer bundles this file.
 */
import { z } from 'zod';

/** One resolved setting and, for people, why it has that value. */
const Resolved = z.object({ value: z.number().int().positive(), reason: z.string() });

/**
 * The defaults a job gets when its form leaves a setting empty (src-main/llm/thread-policy.ts
 * decides them from the machine; README "Threads and batching").
 */
export const RunDefaultsSchema = z.object({
  /** CPU threads of each embedded (node-llama-cpp) model context. */
  threads: Resolved,
  /** Context sequences decoded together in one batch by an embedded model. */
  parallel: Resolved,
  /** Requests in flight at once to an OpenAI-compatible server. */
  httpConcurrency: Resolved,
  /** onnxruntime intra-op threads of ONNX encoders (transformers.js). */
  onnxThreads: Resolved,
  /** The machine facts the values were derived from. */
  machine: z.object({
    physicalCores: z.number().int().positive(),
    logicalCores: z.number().int().positive(),
    gpu: z.enum(['cuda', 'vulkan', 'metal']).nullable(),
  }),
});
export type RunDefaults = z.infer<typeof RunDefaultsSchema>;

/** `synthlab doctor`: each field measured on the machine that runs the engine. */
export const DoctorReportSchema = z.object({
  node: z.object({ version: z.string(), required: z.string(), ok: z.boolean() }),
  synthlab: z.object({ version: z.string() }),
  platform: z.object({ os: z.string(), arch: z.string(), totalMemoryBytes: z.number(), freeMemoryBytes: z.number() }),
  workspace: z.object({ path: z.string() }),
  gpu: z.object({
    /** node-llama-cpp's backend: 'cpu' where no GPU binding loaded. */
    backend: z.enum(['cuda', 'vulkan', 'metal', 'cpu']),
    devices: z.array(z.string()),
    vram: z.object({ totalBytes: z.number(), usedBytes: z.number(), freeBytes: z.number() }).nullable(),
  }),
  /** Per registered GGUF model: how many layers node-llama-cpp would offload to the GPU (its own estimate, nothing loaded). */
  models: z.array(
    z.object({
      name: z.string(),
      layers: z.number().int().nullable(),
      gpuLayers: z.number().int().nullable(),
      note: z.string().optional(),
    }),
  ),
  defaults: RunDefaultsSchema,
  onnxruntime: z.object({
    version: z.string().nullable(),
    providers: z.array(z.string()),
    /** Where the CUDA provider library is, or would be once installed. */
    cudaProviderFile: z.string().nullable(),
    cudaProviderInstalled: z.boolean(),
  }),
  electron: z.object({
    version: z.string().nullable(),
    binary: z.string().nullable(),
    present: z.boolean(),
    note: z.string(),
  }),
  disk: z.object({ path: z.string(), freeBytes: z.number(), totalBytes: z.number() }),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;

/** The report as rows of (what, value): the CLI's table and the Models page's panel say the same. */
export function doctorRows(r: DoctorReport): [string, string][] {
  const d = r.defaults;
  return [
    ['Node.js', `${r.node.version} (SynthLab needs ${r.node.required}${r.node.ok ? ': ok' : ': TOO OLD'})`],
    ['SynthLab', r.synthlab.version],
    [
      'platform',
      `${r.platform.os} ${r.platform.arch}, ${gib(r.platform.totalMemoryBytes)} RAM (${gib(r.platform.freeMemoryBytes)} free)`,
    ],
    ['workspace', r.workspace.path],
    [
      'GPU backend',
      r.gpu.backend === 'cpu'
        ? 'none (node-llama-cpp runs on the CPU)'
        : `${r.gpu.backend.toUpperCase()}: ${r.gpu.devices.join(', ') || 'no device name'}`,
    ],
    ['GPU memory', r.gpu.vram ? `${gib(r.gpu.vram.totalBytes)} total, ${gib(r.gpu.vram.freeBytes)} free` : 'none'],
    ...(r.models.length
      ? []
      : [['layers on GPU', 'no model registered (register one, then run doctor again)'] as [string, string]]),
    ...r.models.map((m): [string, string] => [
      `layers on GPU: ${m.name}`,
      m.layers === null ? (m.note ?? 'unknown') : `${m.gpuLayers} of ${m.layers}${m.note ? ` (${m.note})` : ''}`,
    ]),
    ['CPU cores', `${d.machine.physicalCores} physical, ${d.machine.logicalCores} logical`],
    ['threads per model', `${d.threads.value} (auto: ${d.threads.reason})`],
    ['parallel sequences', `${d.parallel.value} (auto: ${d.parallel.reason})`],
    ['HTTP concurrency', `${d.httpConcurrency.value} (auto: ${d.httpConcurrency.reason})`],
    ['onnxruntime threads', `${d.onnxThreads.value} (auto: ${d.onnxThreads.reason})`],
    [
      'onnxruntime',
      r.onnxruntime.version === null
        ? 'not installed'
        : `${r.onnxruntime.version}, providers: ${r.onnxruntime.providers.join(', ')}; CUDA provider ${r.onnxruntime.cudaProviderInstalled ? 'installed' : `not installed${r.onnxruntime.cudaProviderFile ? ` (would be ${r.onnxruntime.cudaProviderFile})` : ''}`}`,
    ],
    ['Electron', r.electron.present ? `${r.electron.version} at ${r.electron.binary}` : `missing: ${r.electron.note}`],
    ['disk free (models)', `${gib(r.disk.freeBytes)} of ${gib(r.disk.totalBytes)} at ${r.disk.path}`],
  ];
}

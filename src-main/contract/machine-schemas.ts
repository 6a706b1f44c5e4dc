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

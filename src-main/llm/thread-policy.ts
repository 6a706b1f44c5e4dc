/**
 * How many threads and parallel sequences SynthLab uses when nobody says: one rule for the
 * embedded llama.cpp backend, onnxruntime sessions and the HTTP backend, derived from the
 * machine and from what else SynthLab runs at the same time. README "Threads and batching"
 * gives the rule and the measurements behind it (bench:generate).
 *
 * Why not llama.cpp's own default (all physical cores): its worker threads spin-wait between
 * operations, so a thread that shares a core with anything else (SynthLab's own JS threads,
 * another job, the OS) stalls every step of the graph. On the 2-core development machine
 * 2 threads gave 97 tokens/s and 1 thread 1,188 (issue #17).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { RunDefaults } from '../contract/machine-schemas.js';
import { llamaRuntime, type GpuPreference } from './llama-runtime.js';

export interface MachineFacts {
  /** Physical cores usable by this process (llama.cpp's count of math cores, bounded by the affinity mask). */
  physicalCores: number;
  /** os.availableParallelism(): logical CPUs this process may use. */
  logicalCores: number;
  /** node-llama-cpp's GPU backend, or null on the CPU. */
  gpu: 'cuda' | 'vulkan' | 'metal' | null;
  /** Free GPU memory in bytes (null on the CPU). */
  vramFreeBytes: number | null;
}

/** The model about to be loaded, where known: its size decides whether batching pays on the CPU. */
export interface ModelFacts {
  /** The GGUF file's size in bytes. */
  bytes: number;
}

export interface Concurrency {
  /** Jobs that run models (generation, sweep, audit with an embedder) at the same time, this one included. Default 1. */
  modelJobs?: number;
}

/**
 * Cores kept for SynthLab's JavaScript: the thread that answers the UI (or the CLI's main thread)
 * and the job's worker thread, which tokenizes prompts, cleans and validates replies and writes
 * SQLite between decode steps. With 1 core there is nothing to keep.
 */
export const RESERVED_CORES = 1;
/**
 * Parallel sequences on the CPU for models with at least BATCH_MIN_MODEL_BYTES of weights.
 * Decoding sequences together reads each weight once per step for all of them; measured with
 * bench:generate on the 2-core machine, 4 sequences gave 1.7× the tokens/s of 1 on llama.cpp's
 * 1.7 MB fixture (32,000-token vocabulary). Kept modest since each sequence holds its own KV cache.
 */
export const CPU_PARALLEL = 4;
/**
 * Below this file size a decode step costs less than node-llama-cpp's per-step scheduling of
 * several sequences, and batching loses: 0.77× on the 0.65 MB tiny test model (bench:generate),
 * against 1.7× on the 1.7 MB fixture. Every real model is thousands of times larger.
 */
export const BATCH_MIN_MODEL_BYTES = 1024 ** 2;
/** With all layers on a GPU, decoding 8 sequences costs little more than 1 (llama.cpp batches them in one graph). */
export const GPU_PARALLEL = 8;
/** Below this much free VRAM the GPU gets CPU_PARALLEL sequences: each sequence's KV cache lives there. */
export const GPU_PARALLEL_MIN_VRAM = 8 * 1024 ** 3;
/**
 * With the model on the GPU the CPU threads only schedule and sample; more of them spin and take
 * cores from the rest of SynthLab. An upper bound from reasoning, not a measurement (no GPU here).
 */
export const GPU_THREAD_CAP = 4;
/**
 * Requests in flight to an OpenAI-compatible server. vLLM batches whatever is in flight
 * (continuous batching), so more requests mean more throughput up to its max-num-seqs (256);
 * llama.cpp's server decodes `--parallel` slots (4 by default in current builds) and queues the
 * rest, harmlessly. 8 fills llama.cpp's slots and gives vLLM a real batch, while keeping the
 * time a request waits in the server's queue well inside the 120 s per-attempt timeout.
 */
export const HTTP_CONCURRENCY = 8;

/**
 * The defaults for these machine facts. Pure: the same facts give the same answer.
 *
 * threads = max(1, floor((physicalCores − RESERVED_CORES) / modelJobs)), capped at GPU_THREAD_CAP on a GPU;
 * parallel = GPU_PARALLEL on a GPU with ≥ 8 GiB free, else CPU_PARALLEL — but 1 on the CPU for a model under
 *   BATCH_MIN_MODEL_BYTES;
 * onnxThreads = the CPU share without the GPU cap (ONNX encoders run on the CPU unless onnxruntime's CUDA provider is installed);
 * httpConcurrency = HTTP_CONCURRENCY.
 * @throws RangeError where a count is not a positive whole number.
 */
export function resolveRunDefaults(
  machine: MachineFacts,
  concurrency: Concurrency = {},
  model?: ModelFacts,
): RunDefaults {
  const jobs = concurrency.modelJobs ?? 1;
  for (const [name, v] of [
    ['physicalCores', machine.physicalCores],
    ['logicalCores', machine.logicalCores],
    ['modelJobs', jobs],
  ] as const)
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`thread policy: ${name} must be a positive whole number, got ${v}`);
  const cores = Math.min(machine.physicalCores, machine.logicalCores);
  const spare = Math.max(1, cores - RESERVED_CORES);
  const share = Math.max(1, Math.floor(spare / jobs));
  const coreText = `${cores} core${cores === 1 ? '' : 's'}`;
  const shareText =
    cores <= RESERVED_CORES
      ? `${coreText}, nothing to keep back`
      : `${coreText}, ${RESERVED_CORES} kept for SynthLab's own threads` +
        (jobs > 1 ? `, shared by ${jobs} model jobs` : '');
  const onGpu = machine.gpu !== null;
  const threads = onGpu ? Math.min(share, GPU_THREAD_CAP) : share;
  const bigGpu = onGpu && (machine.vramFreeBytes ?? 0) >= GPU_PARALLEL_MIN_VRAM;
  return {
    threads: {
      value: threads,
      reason:
        onGpu && share > GPU_THREAD_CAP
          ? `${shareText}; at most ${GPU_THREAD_CAP} with the model on the ${machine.gpu!.toUpperCase()} GPU`
          : shareText,
    },
    parallel: bigGpu
      ? { value: GPU_PARALLEL, reason: `${machine.gpu!.toUpperCase()} GPU with ${gib(machine.vramFreeBytes!)} free` }
      : cpuParallel(machine, model),
    httpConcurrency: {
      value: HTTP_CONCURRENCY,
      reason: 'fills llama.cpp server slots and gives vLLM a batch (README)',
    },
    onnxThreads: { value: share, reason: shareText },
    machine: { physicalCores: machine.physicalCores, logicalCores: machine.logicalCores, gpu: machine.gpu },
  };
}

function cpuParallel(machine: MachineFacts, model: ModelFacts | undefined): RunDefaults['parallel'] {
  const where =
    machine.gpu === null
      ? 'CPU'
      : `${machine.gpu.toUpperCase()} GPU with only ${gib(machine.vramFreeBytes ?? 0)} free (8 sequences need ≥ 8 GiB)`;
  if (!model)
    return {
      value: CPU_PARALLEL,
      reason: `${where}: ${CPU_PARALLEL} for models of 1 MiB or more, 1 for smaller ones (bench:generate)`,
    };
  if (!(model.bytes >= 0)) throw new RangeError(`thread policy: model bytes must be a number ≥ 0, got ${model.bytes}`);
  if (machine.gpu === null && model.bytes < BATCH_MIN_MODEL_BYTES)
    return { value: 1, reason: `CPU, model of ${mib(model.bytes)}: too small for batching to pay (bench:generate)` };
  return {
    value: CPU_PARALLEL,
    reason: `${where}, model of ${model.bytes >= 1024 ** 3 ? gib(model.bytes) : mib(model.bytes)}: batched decoding shares each weight read`,
  };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/**
 * Physical cores from /proc/cpuinfo (distinct physical id × core id pairs) on Linux; elsewhere,
 * or where that file says nothing, the logical count. Synchronous and without loading
 * node-llama-cpp, for onnxruntime sessions in processes that run no GGUF model.
 */
export function physicalCoresSync(): number {
  const logical = os.availableParallelism();
  if (process.platform !== 'linux') return logical;
  try {
    const pairs = new Set<string>();
    for (const block of fs.readFileSync('/proc/cpuinfo', 'utf8').split(/\n\s*\n/)) {
      const phys = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
      const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
      if (phys !== undefined && core !== undefined) pairs.add(`${phys}:${core}`);
    }
    return pairs.size ? Math.min(pairs.size, logical) : logical;
  } catch {
    return logical;
  }
}

/** The machine, as node-llama-cpp sees it (loads its native binding once per process). */
export async function probeMachine(gpu: GpuPreference = 'auto'): Promise<MachineFacts> {
  const llama = await llamaRuntime(gpu);
  const vram = llama.gpu === false ? null : await llama.getVramState();
  return {
    physicalCores: Math.max(1, llama.cpuMathCores),
    logicalCores: os.availableParallelism(),
    gpu: llama.gpu === false ? null : llama.gpu,
    vramFreeBytes: vram ? vram.free : null,
  };
}

/** The defaults on this machine (see resolveRunDefaults), for the model in `modelPath` where given. */
export async function runDefaults(
  gpu: GpuPreference = 'auto',
  concurrency: Concurrency = {},
  modelPath?: string,
): Promise<RunDefaults> {
  // A missing file is the loader's to report, with its own message.
  const bytes = modelPath === undefined ? undefined : fs.statSync(modelPath, { throwIfNoEntry: false })?.size;
  return resolveRunDefaults(await probeMachine(gpu), concurrency, bytes === undefined ? undefined : { bytes });
}

/** The onnxruntime intra-op thread count without loading node-llama-cpp (same rule as resolveRunDefaults). */
export function onnxThreadsSync(concurrency: Concurrency = {}): number {
  return resolveRunDefaults(
    { physicalCores: physicalCoresSync(), logicalCores: os.availableParallelism(), gpu: null, vramFreeBytes: null },
    concurrency,
  ).onnxThreads.value;
}

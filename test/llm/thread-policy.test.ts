import os from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  BATCH_MIN_MODEL_BYTES,
  CPU_PARALLEL,
  GPU_PARALLEL,
  GPU_THREAD_CAP,
  HTTP_CONCURRENCY,
  onnxThreadsSync,
  physicalCoresSync,
  probeMachine,
  resolveRunDefaults,
  type MachineFacts,
} from '../../src-main/llm/thread-policy.js';

const cpu = (physicalCores: number, logicalCores = physicalCores): MachineFacts => ({
  physicalCores,
  logicalCores,
  gpu: null,
  vramFreeBytes: null,
});
const GiB = 1024 ** 3;

describe('thread policy', () => {
  it('keeps one core for SynthLab on the 2-core machine: 1 llama.cpp thread (the fastest setting measured there)', () => {
    const d = resolveRunDefaults(cpu(2));
    expect(d.threads.value).toBe(1);
    expect(d.threads.reason).toBe("2 cores, 1 kept for SynthLab's own threads");
    expect(d.onnxThreads.value).toBe(1);
    expect(d.parallel.value).toBe(CPU_PARALLEL);
    expect(d.httpConcurrency.value).toBe(HTTP_CONCURRENCY);
  });

  it('batches 4 sequences on the CPU, except for models too small for batching to pay', () => {
    expect(resolveRunDefaults(cpu(2)).parallel.reason).toBe(
      'CPU: 4 for models of 1 MiB or more, 1 for smaller ones (bench:generate)',
    );
    expect(resolveRunDefaults(cpu(2), {}, { bytes: 646_112 }).parallel).toEqual({
      value: 1,
      reason: 'CPU, model of 0.6 MiB: too small for batching to pay (bench:generate)',
    });
    expect(resolveRunDefaults(cpu(2), {}, { bytes: BATCH_MIN_MODEL_BYTES }).parallel.value).toBe(CPU_PARALLEL);
    expect(resolveRunDefaults(cpu(8), {}, { bytes: 4.1 * GiB }).parallel).toEqual({
      value: 4,
      reason: 'CPU, model of 4.1 GiB: batched decoding shares each weight read',
    });
    expect(() => resolveRunDefaults(cpu(2), {}, { bytes: Number.NaN })).toThrow(
      'model bytes must be a number ≥ 0, got NaN',
    );
  });

  it('never goes below one thread', () => {
    expect(resolveRunDefaults(cpu(1)).threads).toEqual({ value: 1, reason: '1 core, nothing to keep back' });
    expect(resolveRunDefaults(cpu(2), { modelJobs: 3 }).threads.value).toBe(1);
  });

  it('uses the rest of a larger CPU, shared between jobs that run models at the same time', () => {
    expect(resolveRunDefaults(cpu(16, 32)).threads.value).toBe(15);
    expect(resolveRunDefaults(cpu(16, 32), { modelJobs: 2 }).threads).toEqual({
      value: 7,
      reason: "16 cores, 1 kept for SynthLab's own threads, shared by 2 model jobs",
    });
    // An affinity mask or cgroup that leaves fewer CPUs than physical cores wins.
    expect(resolveRunDefaults(cpu(16, 4)).threads.value).toBe(3);
  });

  it('on a large GPU: few CPU threads, more sequences; on a small one, the CPU number of sequences', () => {
    const big = resolveRunDefaults({ physicalCores: 16, logicalCores: 32, gpu: 'cuda', vramFreeBytes: 80 * GiB });
    expect(big.threads.value).toBe(GPU_THREAD_CAP);
    expect(big.threads.reason).toMatch(/at most 4 with the model on the CUDA GPU/);
    expect(big.parallel).toEqual({ value: GPU_PARALLEL, reason: 'CUDA GPU with 80.0 GiB free' });
    expect(big.onnxThreads.value).toBe(15);
    // On a GPU even a tiny model batches: the step's cost is the GPU's, not node-llama-cpp's scheduling.
    expect(
      resolveRunDefaults(
        { physicalCores: 16, logicalCores: 32, gpu: 'cuda', vramFreeBytes: 80 * GiB },
        {},
        { bytes: 1000 },
      ).parallel.value,
    ).toBe(GPU_PARALLEL);
    const small = resolveRunDefaults({ physicalCores: 4, logicalCores: 8, gpu: 'vulkan', vramFreeBytes: 2 * GiB });
    expect(small.threads.value).toBe(3);
    expect(small.parallel.value).toBe(CPU_PARALLEL);
    expect(small.parallel.reason).toMatch(/only 2\.0 GiB free/);
  });

  it('names a bad count', () => {
    expect(() => resolveRunDefaults(cpu(0))).toThrow('physicalCores must be a positive whole number, got 0');
    expect(() => resolveRunDefaults(cpu(2), { modelJobs: 1.5 })).toThrow(
      'modelJobs must be a positive whole number, got 1.5',
    );
  });

  it('reads this machine: physical cores from node-llama-cpp and /proc/cpuinfo, within what os reports', async () => {
    const m = await probeMachine(false);
    expect(m.logicalCores).toBe(os.availableParallelism());
    expect(m.physicalCores).toBeGreaterThanOrEqual(1);
    expect(m.physicalCores).toBeLessThanOrEqual(os.cpus().length);
    // llama.cpp counts math cores (performance cores on hybrid CPUs), /proc/cpuinfo all physical ones.
    expect(physicalCoresSync()).toBeGreaterThanOrEqual(Math.min(m.physicalCores, m.logicalCores));
    expect(physicalCoresSync()).toBeLessThanOrEqual(m.logicalCores);
    expect(m.gpu).toBeNull();
    expect(onnxThreadsSync()).toBe(Math.max(1, physicalCoresSync() - 1));
  });
});

/**
 * The baseline the generation benchmarks compare against: node-llama-cpp with nothing of
 * SynthLab around it — load the model, then complete every prompt with LlamaCompletion,
 * `sequences` at a time on one context. Counts output tokens; time includes loading, as the
 * jobs' does.
 */
import { LlamaCompletion } from 'node-llama-cpp';
import { completionInput } from '../../src-main/llm/embedded-backend.js';
import { llamaRuntime } from '../../src-main/llm/llama-runtime.js';

export interface PlainPrompt {
  /** The full prompt text, already rendered with the model's chat template. */
  text: string;
  maxTokens: number;
  temperature: number;
  seed: number;
}

/**
 * Runs the loop on the CPU; returns output tokens and wall-clock seconds. With `limitSeconds`, a
 * setting that crawls (too many spin-waiting threads on a busy machine: a few tokens/s) is stopped
 * there, mid-answer, and its tokens so far over its time so far still measure it.
 */
export async function plainLlamaLoop(
  modelPath: string,
  prompts: PlainPrompt[],
  threads: number,
  sequences: number,
  limitSeconds = Number.POSITIVE_INFINITY,
): Promise<{ tokens: number; seconds: number; stopped: boolean }> {
  const t0 = performance.now();
  const signal = Number.isFinite(limitSeconds) ? AbortSignal.timeout(limitSeconds * 1000) : undefined;
  const llama = await llamaRuntime(false);
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({
    sequences,
    threads,
    contextSize: Math.min(2048, model.trainContextSize) * sequences,
  });
  let tokens = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: sequences }, async () => {
      const sequence = context.getSequence();
      const completion = new LlamaCompletion({ contextSequence: sequence });
      for (let i = next++; i < prompts.length && !signal?.aborted; i = next++) {
        const p = prompts[i]!;
        await sequence.clearHistory();
        try {
          // The same single-BOS input the job gives LlamaCompletion (which puts BOS first itself).
          await completion.generateCompletion(completionInput(model, p.text).input, {
            temperature: p.temperature,
            seed: p.seed,
            maxTokens: p.maxTokens,
            onToken: (t) => {
              tokens += t.length;
            },
            ...(signal ? { signal, stopOnAbortSignal: true } : {}),
          });
        } catch (err) {
          // The limit can strike while the prompt is still being evaluated, which throws: stop there.
          if (signal?.aborted) break;
          throw err;
        }
      }
    }),
  );
  await context.dispose();
  await model.dispose();
  return { tokens, seconds: (performance.now() - t0) / 1000, stopped: signal?.aborted ?? false };
}

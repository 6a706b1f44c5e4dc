import type { LlamaCompletion, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { llamaModule } from './llama-module.js';
import type { FinishReason, ModelFamily } from '../contract/schemas.js';
import { GenerationError, type GenerationRequest, type GenerationResult, type TextGenerator } from './backend.js';
import { familyStopSequences, renderPrompt, type SpecialTokens } from './chat-format.js';
import { llamaRuntime, type GpuPreference } from './llama-runtime.js';
import { runDefaults } from './thread-policy.js';

export interface EmbeddedOptions {
  modelPath: string;
  family: ModelFamily;
  /** Default: the thread policy's (thread-policy.ts); node-llama-cpp's own default oversubscribes small machines. */
  threads?: number;
  /** Context sequences decoded together in one batch; default: the thread policy's. */
  parallel?: number;
  /** Tokens of context per sequence. */
  contextSize?: number;
  gpu?: GpuPreference;
}

interface SequenceSlot {
  sequence: LlamaContextSequence;
  completion: LlamaCompletion;
}

function tokenText(model: LlamaModel, token: Token | null): string | undefined {
  return token === null ? undefined : model.detokenize([token], true);
}

/**
 * The tokens to hand node-llama-cpp's LlamaCompletion for a rendered prompt, and the tokens the context then
 * holds before the answer. LlamaCompletion itself puts BOS before any input when the vocabulary asks for one
 * (`model.tokens.shouldPrependBosToken`, llama.cpp's reading of `tokenizer.ggml.add_bos_token`), while chat
 * templates usually write BOS as text too: so a leading BOS in the rendered prompt is dropped here, and the
 * model sees exactly one. Where the vocabulary wants none, the prompt's own tokens are used as they are.
 */
export function completionInput(model: LlamaModel, prompt: string): { input: Token[]; evaluated: Token[] } {
  const tokens = model.tokenize(prompt, true);
  const bos = model.tokens.bos;
  if (bos === null || !model.tokens.shouldPrependBosToken) return { input: tokens, evaluated: tokens };
  let start = 0;
  while (tokens[start] === bos) start++;
  const input = tokens.slice(start);
  return { input, evaluated: [bos, ...input] };
}

/** node-llama-cpp's stop reason as an OpenAI-style finish reason. */
export function finishReasonOf(stopReason: string | undefined): FinishReason {
  switch (stopReason) {
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'customStopTrigger':
      return 'stop';
    case 'maxTokens':
      return 'length';
    case 'abort':
      return 'abort';
    default:
      return null;
  }
}

/** GGUF models through node-llama-cpp: one model, one context, `parallel` sequences batched together. */
export class EmbeddedGenerator implements TextGenerator {
  readonly parallelism: number;
  readonly description: string;
  private readonly free: SequenceSlot[];
  private readonly waiting: ((slot: SequenceSlot) => void)[] = [];

  private constructor(
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly family: ModelFamily,
    private readonly template: string | undefined,
    private readonly tokens: SpecialTokens,
    slots: SequenceSlot[],
    description: string,
  ) {
    this.free = slots;
    this.parallelism = slots.length;
    this.description = description;
  }

  static async load(o: EmbeddedOptions): Promise<EmbeddedGenerator> {
    const llama = await llamaRuntime(o.gpu ?? 'auto');
    const defaults = o.threads === undefined || o.parallel === undefined ? await runDefaults(o.gpu ?? 'auto', {}, o.modelPath) : undefined;
    const threads = o.threads ?? defaults!.threads.value;
    const parallel = o.parallel ?? defaults!.parallel.value;
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: o.modelPath, gpuLayers: llama.gpu === false ? 0 : 'auto' });
    } catch (err) {
      throw new GenerationError(`cannot load model ${o.modelPath}: ${(err as Error).message}`);
    }
    const contextSize = Math.min(o.contextSize ?? 2048, model.trainContextSize) * parallel;
    const context = await model.createContext({ sequences: parallel, threads, contextSize, batchSize: Math.min(512, contextSize) });
    const { LlamaCompletion } = await llamaModule();
    const slots: SequenceSlot[] = [];
    for (let i = 0; i < parallel; i++) {
      const sequence = context.getSequence();
      slots.push({ sequence, completion: new LlamaCompletion({ contextSequence: sequence }) });
    }
    const meta = model.fileInfo.metadata as { tokenizer?: { chat_template?: string } };
    const tokens: SpecialTokens = {
      bos: tokenText(model, model.tokens.bos) ?? '',
      eos: tokenText(model, model.tokens.eot ?? model.tokens.eos) ?? tokenText(model, model.tokens.eos) ?? '',
    };
    const hardware = llama.gpu === false ? 'CPU' : `${llama.gpu.toUpperCase()} (${model.gpuLayers} layers offloaded)`;
    return new EmbeddedGenerator(
      model,
      context,
      o.family,
      meta.tokenizer?.chat_template,
      tokens,
      slots,
      `node-llama-cpp, ${hardware}, ${threads} thread${threads === 1 ? '' : 's'}, ${parallel} sequence${parallel === 1 ? '' : 's'}`,
    );
  }

  /** The exact prompt text this model is given for a conversation. */
  renderPrompt(messages: GenerationRequest['messages']): { prompt: string; source: 'embedded-template' | 'family-format' } {
    return renderPrompt(this.family, messages, { ...(this.template ? { template: this.template } : {}), tokens: this.tokens });
  }

  /** The prompt's tokens as the model's context holds them before the answer (exactly one BOS; see completionInput). */
  tokenizePrompt(prompt: string): Token[] {
    return completionInput(this.model, prompt).evaluated;
  }

  private acquire(): Promise<SequenceSlot> {
    const slot = this.free.pop();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: SequenceSlot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }

  async generate(request: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult> {
    const { input, evaluated } = completionInput(this.model, this.renderPrompt(request.messages).prompt);
    const stop = request.stop ?? familyStopSequences(this.family);
    const slot = await this.acquire();
    const started = performance.now();
    try {
      // A clean sequence per request keeps results independent of what ran before (reproducible).
      await slot.sequence.clearHistory();
      const out: Token[] = [];
      const { response, metadata } = await slot.completion.generateCompletionWithMeta(input, {
        temperature: request.temperature,
        seed: request.seed,
        maxTokens: request.maxTokens,
        // The model's end-of-generation tokens stop it anyway; these catch role markers written as text.
        ...(stop.length ? { customStopTriggers: [...stop] } : {}),
        onToken: (t) => {
          out.push(...t);
        },
        ...(signal ? { signal } : {}),
      });
      const finishReason = finishReasonOf(metadata.stopReason);
      // node-llama-cpp can release one token past maxTokens (seen with the tiny models: 65 of 64,
      // when a token held back as a possible stop trigger is flushed at the end). The limit is the
      // person's: keep the first maxTokens tokens, so the text and its count both respect it.
      if (out.length > request.maxTokens) {
        return {
          text: this.model.detokenize(out.slice(0, request.maxTokens)),
          tokensIn: evaluated.length,
          tokensOut: request.maxTokens,
          finishReason: 'length',
          ms: performance.now() - started,
        };
      }
      return { text: response, tokensIn: evaluated.length, tokensOut: out.length, finishReason, ms: performance.now() - started };
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new GenerationError(`generation failed: ${(err as Error).message}`);
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    for (const s of this.free) s.completion.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}

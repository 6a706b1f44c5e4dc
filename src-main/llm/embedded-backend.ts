import type { LlamaCompletion, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { llamaModule } from './llama-module.js';
import type { ModelFamily } from '../contract/schemas.js';
import { GenerationError, type GenerationRequest, type GenerationResult, type TextGenerator } from './backend.js';
import { renderPrompt, type SpecialTokens } from './chat-format.js';
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
    private readonly addBos: boolean,
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
    const meta = model.fileInfo.metadata as { tokenizer?: { chat_template?: string; ggml?: { add_bos_token?: boolean } } };
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
      meta.tokenizer?.ggml?.add_bos_token ?? true,
      slots,
      `node-llama-cpp, ${hardware}, ${threads} thread${threads === 1 ? '' : 's'}, ${parallel} sequence${parallel === 1 ? '' : 's'}`,
    );
  }

  /** The exact prompt text this model is given for a conversation. */
  renderPrompt(messages: GenerationRequest['messages']): { prompt: string; source: 'embedded-template' | 'family-format' } {
    return renderPrompt(this.family, messages, { ...(this.template ? { template: this.template } : {}), tokens: this.tokens });
  }

  tokenizePrompt(prompt: string): Token[] {
    const tokens = this.model.tokenize(prompt, true);
    // Templates usually write BOS themselves; add it only where the model wants it and the template did not.
    const bos = this.model.tokens.bos;
    if (this.addBos && bos !== null && tokens[0] !== bos) tokens.unshift(bos);
    return tokens;
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
    const input = this.tokenizePrompt(this.renderPrompt(request.messages).prompt);
    const slot = await this.acquire();
    const started = performance.now();
    try {
      // A clean sequence per request keeps results independent of what ran before (reproducible).
      await slot.sequence.clearHistory();
      let tokensOut = 0;
      const { response } = await slot.completion.generateCompletionWithMeta(input, {
        temperature: request.temperature,
        seed: request.seed,
        maxTokens: request.maxTokens,
        onToken: (t) => {
          tokensOut += t.length;
        },
        ...(signal ? { signal } : {}),
      });
      return { text: response, tokensIn: input.length, tokensOut, ms: performance.now() - started };
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

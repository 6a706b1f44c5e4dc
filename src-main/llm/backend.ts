/**
 * What every text-generation backend offers the engine: the embedded node-llama-cpp one and
 * the OpenAI-compatible HTTP one. The generation job only talks to this interface.
 */
import type { FinishReason } from '../contract/schemas.js';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface GenerationRequest {
  messages: ChatMessage[];
  temperature: number;
  /** Sampling seed: the same model, prompt, seed, temperature and settings give the same text. */
  seed: number;
  maxTokens: number;
  /**
   * Texts that end the answer where they appear (not included in it): the family's end-of-turn,
   * end-of-text and role markers (familyStopSequences in chat-format.ts). Sent as `stop` over HTTP.
   */
  stop?: readonly string[];
}

export interface GenerationResult {
  text: string;
  /** Prompt tokens; null when unknown (an HTTP reply without `usage`), never a made-up 0. */
  tokensIn: number | null;
  /** Answer tokens; null when unknown. */
  tokensOut: number | null;
  /**
   * Why generation stopped: 'stop' (end of turn or a stop sequence), 'length' (the maxTokens budget ran
   * out: the answer is cut off), 'abort'; null when the backend did not say.
   */
  finishReason: FinishReason;
  /** Wall-clock milliseconds for this request. */
  ms: number;
}

export interface TextGenerator {
  /** For people: e.g. "node-llama-cpp, CUDA, 8 threads" or "http://gpu-box:8000/v1 (model llama3)". */
  readonly description: string;
  /** How many generate() calls may usefully run at once (context sequences, HTTP concurrency). */
  readonly parallelism: number;
  generate(request: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult>;
  close(): Promise<void>;
}

/** A failure that names its cause for the user; `retryable` is true for transient faults. */
export class GenerationError extends Error {
  override name = 'GenerationError';
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

/**
 * What every text-generation backend offers the engine: the embedded node-llama-cpp one and
 * the OpenAI-compatible HTTP one. The generation job only talks to this interface.
 */
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
}

export interface GenerationResult {
  text: string;
  tokensIn: number;
  tokensOut: number;
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

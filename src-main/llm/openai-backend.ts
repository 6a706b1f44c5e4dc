import type { FinishReason } from '../contract/schemas.js';
import { HTTP_CONCURRENCY } from './thread-policy.js';
import { GenerationError, type GenerationRequest, type GenerationResult, type TextGenerator } from './backend.js';

/**
 * A TextGenerator that talks to an OpenAI-compatible server (vLLM, llama.cpp server, Ollama, LM Studio, ...)
 * over `POST {baseUrl}/chat/completions`.
 *
 * Retry policy, per generate() call:
 * - retried: HTTP 408, 429 (waiting `Retry-After` when given), 5xx, per-attempt timeouts, dropped or refused
 *   connections; and a 2xx body that is not valid JSON or lacks `choices[0].message.content`, but only
 *   MAX_MALFORMED_RETRIES times, since that is usually a proxy cutting the answer short and rarely fixes itself;
 * - not retried: other 4xx (a bad request stays bad) and unrecognised network errors (DNS, TLS, bad URL);
 * - delays grow exponentially from `backoffMs` with jitter, capped at MAX_BACKOFF_MS;
 * - the concurrency slot is held through backoff, so a struggling server really gets the breathing room.
 */

export interface OpenAiGeneratorOptions {
  /** e.g. http://127.0.0.1:8000/v1 (a trailing slash is fine). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Most requests in flight at once; default HTTP_CONCURRENCY (thread-policy.ts says why). */
  concurrency?: number;
  /** Limit for one attempt (request and whole answer); default 120000. */
  timeoutMs?: number;
  /** Further attempts after the first fails with a transient fault; default 4. */
  maxRetries?: number;
  /** First backoff delay; it doubles each retry, with jitter, up to MAX_BACKOFF_MS. Default 500. */
  backoffMs?: number;
  fetchImpl?: typeof fetch;
}

const MAX_BACKOFF_MS = 30_000;
const MAX_RETRY_AFTER_MS = 60_000;
const MAX_MALFORMED_RETRIES = 1;
const PROBE_TIMEOUT_MS = 10_000;
/** How much of an error body is quoted in messages. */
const ERROR_EXCERPT_CHARS = 200;

export function createOpenAiGenerator(options: OpenAiGeneratorOptions): TextGenerator {
  return new OpenAiGenerator(options);
}

/** Lists the model ids an endpoint serves (`GET {baseUrl}/models`), failing with a message a person can act on. */
export async function probeEndpoint(
  baseUrl: string,
  apiKey?: string,
  options: { fetchImpl?: typeof fetch; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string[]> {
  const url = endpointUrl(baseUrl, 'models');
  const timeout = AbortSignal.timeout(options.timeoutMs ?? PROBE_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let body: string;
  try {
    response = await (options.fetchImpl ?? fetch)(url, { headers: requestHeaders(apiKey), signal });
    body = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const fault = timeout.aborted
      ? `no answer within ${options.timeoutMs ?? PROBE_TIMEOUT_MS} ms`
      : networkFaultLabel(error);
    throw new GenerationError(`Cannot reach ${url}: ${fault ?? errorMessage(error)}. Is the server running?`, true);
  }
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' (check the API key)' : '';
    throw new GenerationError(`GET ${url} answered ${httpFailureDetail(response.status, body)}${hint}`);
  }
  return parseModelIds(url, body);
}

/** Network faults worth retrying, by the `code` Node or undici puts on the error or its cause. */
const TRANSIENT_NETWORK_CODES: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/**
 * A short label ("connection reset") when `error` is a dropped or refused connection that a retry may cure,
 * else undefined. Looks through `cause` because fetch wraps socket errors in `TypeError: fetch failed`.
 */
export function networkFaultLabel(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && TRANSIENT_NETWORK_CODES[code]) return TRANSIENT_NETWORK_CODES[code];
    if (/socket hang up/i.test(e.message)) return 'connection reset';
  }
  return undefined;
}

/** Delay before retry number `retry` (1-based): exponential from `baseMs`, capped, with "equal jitter" (50-100 %). */
export function backoffDelayMs(retry: number, baseMs: number, capMs = MAX_BACKOFF_MS): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Why one attempt failed: `label` is grouped in the final summary, `detail` is quoted for the last attempt. */
interface AttemptFailure {
  label: string;
  detail?: string;
  retryable: boolean;
  malformed?: boolean;
  retryAfterMs?: number;
}

type AttemptOutcome = { ok: true; result: GenerationResult } | { ok: false; failure: AttemptFailure };

class OpenAiGenerator implements TextGenerator {
  readonly description: string;
  readonly parallelism: number;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly slots: Semaphore;
  /** Aborted by close(), cancelling every queued and in-flight call. */
  private readonly lifetime = new AbortController();

  constructor(private readonly options: OpenAiGeneratorOptions) {
    this.url = endpointUrl(options.baseUrl, 'chat/completions');
    this.parallelism = positiveInteger(options.concurrency ?? HTTP_CONCURRENCY, 'concurrency');
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.maxRetries = options.maxRetries ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.slots = new Semaphore(this.parallelism);
    const base = options.baseUrl.replace(/\/+$/, '');
    this.description = `OpenAI-compatible endpoint ${base}, model "${options.model}", ${this.parallelism} concurrent`;
  }

  async generate(request: GenerationRequest, signal?: AbortSignal): Promise<GenerationResult> {
    const callSignal = signal ? AbortSignal.any([signal, this.lifetime.signal]) : this.lifetime.signal;
    const release = await this.slots.acquire(callSignal);
    try {
      return await this.generateWithRetries(request, callSignal);
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    this.lifetime.abort(new GenerationError(`${this.description} was closed`));
  }

  private async generateWithRetries(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    const body = JSON.stringify({
      model: this.options.model,
      messages: request.messages,
      temperature: request.temperature,
      seed: request.seed,
      max_tokens: request.maxTokens,
      // The OpenAI API takes at most 4; servers that honour more (vLLM, llama.cpp) are given the same 4.
      ...(request.stop?.length ? { stop: request.stop.slice(0, 4) } : {}),
      stream: false,
    });
    const failures: AttemptFailure[] = [];
    for (;;) {
      const outcome = await this.attempt(body, signal);
      if (outcome.ok) return outcome.result;
      failures.push(outcome.failure);
      if (!this.mayRetry(failures)) throw this.finalError(failures);
      await sleep(this.retryDelayMs(failures.length, outcome.failure), signal);
    }
  }

  /** One POST; every failure except the caller's abort comes back as an AttemptFailure. */
  private async attempt(body: string, callSignal: AbortSignal): Promise<AttemptOutcome> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: { ...requestHeaders(this.options.apiKey), 'content-type': 'application/json' },
        body,
        signal: AbortSignal.any([callSignal, timeout]),
      });
      text = await response.text();
    } catch (error) {
      if (callSignal.aborted) throw callSignal.reason;
      return { ok: false, failure: fetchFailure(error, timeout.aborted, this.timeoutMs) };
    }
    if (!response.ok) return { ok: false, failure: httpFailure(response, text) };
    const parsed = parseCompletion(text);
    if ('problem' in parsed) {
      return {
        ok: false,
        failure: { label: 'malformed response', detail: parsed.problem, retryable: true, malformed: true },
      };
    }
    return { ok: true, result: { ...parsed, ms: performance.now() - started } };
  }

  private mayRetry(failures: AttemptFailure[]): boolean {
    const last = failures[failures.length - 1]!;
    if (!last.retryable || failures.length > this.maxRetries) return false;
    const malformedCount = failures.filter((f) => f.malformed).length;
    return !last.malformed || malformedCount <= MAX_MALFORMED_RETRIES;
  }

  private retryDelayMs(retry: number, failure: AttemptFailure): number {
    if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, MAX_RETRY_AFTER_MS);
    return backoffDelayMs(retry, this.backoffMs);
  }

  private finalError(failures: AttemptFailure[]): GenerationError {
    const last = failures[failures.length - 1]!;
    const message =
      failures.length === 1
        ? `POST ${this.url} failed: ${describeFailure(last)}`
        : `POST ${this.url} failed after ${failures.length} attempts: ${summarizeFailures(failures)}; ` +
          `last: ${describeFailure(last)}`;
    // A fault we gave up retrying may clear later; one we never retried will not.
    return new GenerationError(message, last.retryable);
  }
}

/** "connection closed (fetch failed: other side closed)", or just the detail when it already starts with the label. */
function describeFailure({ label, detail }: AttemptFailure): string {
  if (!detail) return label;
  return detail.startsWith(label) ? detail : `${label} (${detail})`;
}

/** Counts consecutive equal labels: "HTTP 500 (x3), connection reset (x2)". */
function summarizeFailures(failures: AttemptFailure[]): string {
  const runs: { label: string; count: number }[] = [];
  for (const { label } of failures) {
    const run = runs[runs.length - 1];
    if (run?.label === label) run.count++;
    else runs.push({ label, count: 1 });
  }
  return runs.map((r) => (r.count > 1 ? `${r.label} (x${r.count})` : r.label)).join(', ');
}

function fetchFailure(error: unknown, timedOut: boolean, timeoutMs: number): AttemptFailure {
  if (timedOut) return { label: 'timed out', detail: `no complete answer within ${timeoutMs} ms`, retryable: true };
  const fault = networkFaultLabel(error);
  if (fault) return { label: fault, detail: errorMessage(error), retryable: true };
  return { label: 'network error', detail: errorMessage(error), retryable: false };
}

function httpFailure(response: Response, body: string): AttemptFailure {
  const status = response.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  const retryAfterMs =
    status === 429 || status === 503 ? parseRetryAfterMs(response.headers.get('retry-after')) : undefined;
  return { label: `HTTP ${status}`, detail: httpFailureDetail(status, body), retryable, retryAfterMs };
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
function parseRetryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** "HTTP 400: model not found", preferring the `error.message` OpenAI-style servers send. */
function httpFailureDetail(status: number, body: string): string {
  let message = body.trim();
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown };
    const candidate =
      typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.detail ?? parsed.message);
    if (typeof candidate === 'string') message = candidate;
  } catch {
    // Not JSON: quote the raw text.
  }
  return message ? `HTTP ${status}: ${excerpt(message)}` : `HTTP ${status}`;
}

interface ChatCompletion {
  choices?: { message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
}

function parseCompletion(body: string): Omit<GenerationResult, 'ms'> | { problem: string } {
  let completion: ChatCompletion;
  try {
    completion = JSON.parse(body) as ChatCompletion;
  } catch (error) {
    return { problem: `body is not valid JSON (${errorMessage(error)}): ${excerpt(body) || 'empty body'}` };
  }
  const content = completion?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') {
    return { problem: `no choices[0].message.content in ${excerpt(body)}` };
  }
  return {
    text: content,
    tokensIn: tokenCount(completion.usage?.prompt_tokens),
    tokensOut: tokenCount(completion.usage?.completion_tokens),
    finishReason: finishReason(completion.choices?.[0]?.finish_reason),
  };
}

function parseModelIds(url: string, body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { data?: { id?: unknown }[] };
    if (Array.isArray(parsed.data)) {
      return parsed.data.map((m) => m?.id).filter((id): id is string => typeof id === 'string');
    }
  } catch {
    // Reported below with the body.
  }
  throw new GenerationError(`GET ${url} did not answer with a model list ({"data": [{"id": ...}]}): ${excerpt(body)}`);
}

/** A token count from `usage`, or null where the server did not say (unknown is not 0). */
function tokenCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * `choices[0].finish_reason` in the contract's terms: "stop" (also "eos", "stop_sequence", "end_turn" that some
 * servers send), "length" (also "max_tokens"), "abort"/"error"; null when absent or unrecognised.
 */
export function finishReason(value: unknown): FinishReason {
  switch (value) {
    case 'stop':
    case 'eos':
    case 'stop_sequence':
    case 'end_turn':
      return 'stop';
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'abort':
    case 'error':
      return value;
    default:
      return null;
  }
}

function endpointUrl(baseUrl: string, path: string): string {
  const base = baseUrl.trim().replace(/\/+$/, '');
  try {
    new URL(base);
  } catch {
    throw new GenerationError(`Not a valid endpoint URL: "${baseUrl}" (expected e.g. http://127.0.0.1:8000/v1)`);
  }
  return `${base}/${path}`;
}

function requestHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { accept: 'application/json', authorization: `Bearer ${apiKey}` } : { accept: 'application/json' };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > ERROR_EXCERPT_CHARS ? `${flat.slice(0, ERROR_EXCERPT_CHARS)}…` : flat;
}

function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Counting semaphore whose waiters leave the queue when their signal aborts. */
class Semaphore {
  private available: number;
  private readonly waiters: (() => void)[] = [];

  constructor(limit: number) {
    this.available = limit;
  }

  /** Resolves with a release function once a slot is free. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    if (this.available > 0) {
      this.available--;
    } else {
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          this.waiters.splice(this.waiters.indexOf(grant), 1);
          reject(signal.reason);
        };
        this.waiters.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Hand the slot straight to the next waiter so a newcomer cannot overtake the queue.
      const next = this.waiters.shift();
      if (next) next();
      else this.available++;
    };
  }
}

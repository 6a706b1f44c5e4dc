import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GenerationError, type GenerationRequest } from '../../src-main/llm/backend.js';
import {
  createOpenAiGenerator,
  probeEndpoint,
  type OpenAiGeneratorOptions,
} from '../../src-main/llm/openai-backend.js';
import { HTTP_CONCURRENCY } from '../../src-main/llm/thread-policy.js';

/** What the fake server does with one request, in arrival order; requests beyond the script are answered normally. */
type Step =
  | { kind: 'answer'; delayMs?: number }
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'reset' }
  /** A 200 with this exact body. */
  | { kind: 'raw'; body: string };

interface FakeOpenAi {
  baseUrl: string;
  /** Parsed bodies of every chat request received, in order. */
  requests: unknown[];
  maxConcurrent: number;
}

const MODEL = 'tiny-llama';
const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map(closeServer));
});

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A loopback server that answers /v1/chat/completions like an OpenAI-compatible one: it validates the request and
 * echoes the last user message, seed and temperature, so tests can see they were passed through.
 */
async function startFakeOpenAi(script: Step[] = [], answerDelayMs = 0): Promise<FakeOpenAi> {
  const fake: FakeOpenAi = { baseUrl: '', requests: [], maxConcurrent: 0 };
  let concurrent = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      sendJson(res, 200, {
        object: 'list',
        data: [
          { id: MODEL, object: 'model' },
          { id: 'other', object: 'model' },
        ],
      });
      return;
    }
    concurrent++;
    fake.maxConcurrent = Math.max(fake.maxConcurrent, concurrent);
    res.on('close', () => concurrent--);
    void readBody(req).then((raw) => {
      const body = parseJsonOrNull(raw);
      fake.requests.push(body);
      const step: Step = script[fake.requests.length - 1] ?? { kind: 'answer', delayMs: answerDelayMs };
      performStep(step, body, req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

function performStep(step: Step, body: unknown, req: http.IncomingMessage, res: http.ServerResponse): void {
  switch (step.kind) {
    case 'answer':
      setTimeout(() => answerChat(body, res), step.delayMs ?? 0);
      return;
    case 'status':
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(step.body ?? JSON.stringify({ error: { message: `status ${step.status} from the fake server` } }));
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'raw':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(step.body);
      return;
  }
}

function answerChat(body: unknown, res: http.ServerResponse): void {
  if (res.destroyed) return; // the client gave up (timeout or abort)
  const problem = requestProblem(body);
  if (problem) {
    sendJson(res, 400, { error: { message: problem, type: 'invalid_request_error' } });
    return;
  }
  const { messages, seed, temperature } = body as ValidChatRequest;
  const lastUser = messages.filter((m) => m.role === 'user').pop()!.content;
  const content = `echo: ${lastUser} | seed=${seed} | temperature=${temperature}`;
  sendJson(res, 200, {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: wordCount(messages.map((m) => m.content).join(' ')),
      completion_tokens: wordCount(content),
    },
  });
}

interface ValidChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  temperature: number;
  seed: number;
  max_tokens: number;
  stream: boolean;
}

function requestProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'the body must be a JSON object';
  const b = body as Partial<ValidChatRequest>;
  if (b.model !== MODEL) return `The model \`${String(b.model)}\` does not exist.`;
  if (!Array.isArray(b.messages) || b.messages.length === 0) return 'messages must be a non-empty array';
  if (!b.messages.every((m) => typeof m?.role === 'string' && typeof m.content === 'string')) return 'bad message';
  if (!b.messages.some((m) => m.role === 'user')) return 'no user message';
  if (typeof b.temperature !== 'number' || b.temperature < 0 || b.temperature > 2) return 'bad temperature';
  if (!Number.isInteger(b.seed)) return 'seed must be an integer';
  if (!Number.isInteger(b.max_tokens) || b.max_tokens! < 1) return 'max_tokens must be a positive integer';
  if (b.stream !== false) return 'this fake only answers stream: false';
  return undefined;
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // answered with a 400 by requestProblem
  }
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function request(userText = 'hello there', seed = 42, temperature = 0.7): GenerationRequest {
  return {
    messages: [
      { role: 'system', content: 'Rephrase the post.' },
      { role: 'user', content: userText },
    ],
    temperature,
    seed,
    maxTokens: 64,
  };
}

function generator(fake: FakeOpenAi, options: Partial<OpenAiGeneratorOptions> = {}) {
  return createOpenAiGenerator({ baseUrl: fake.baseUrl, model: MODEL, backoffMs: 5, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('createOpenAiGenerator', () => {
  it('returns the text, token counts and time, passing the request through', async () => {
    const fake = await startFakeOpenAi();
    const gen = generator(fake, { baseUrl: `${fake.baseUrl}/`, apiKey: 'sk-test' });
    const result = await gen.generate(request('the cat sat', 7, 0.3));
    expect(result.text).toBe('echo: the cat sat | seed=7 | temperature=0.3');
    expect(result.tokensIn).toBe(6);
    expect(result.tokensOut).toBe(wordCount(result.text));
    expect(result.ms).toBeGreaterThan(0);
    expect(fake.requests[0]).toMatchObject({ model: MODEL, max_tokens: 64, stream: false });
    // The default concurrency is the thread policy's HTTP_CONCURRENCY (README: Threads and batching).
    expect(gen.parallelism).toBe(HTTP_CONCURRENCY);
    expect(gen.description).toBe(`OpenAI-compatible endpoint ${fake.baseUrl}, model "${MODEL}", ${HTTP_CONCURRENCY} concurrent`);
    await gen.close();
  });

  it('reports unknown (null) tokens and finish reason when the server sends no usage', async () => {
    const fake = await startFakeOpenAi([{ kind: 'raw', body: '{"choices":[{"message":{"content":"hi"}}]}' }]);
    expect(await generator(fake).generate(request())).toMatchObject({ text: 'hi', tokensIn: null, tokensOut: null, finishReason: null });
  });

  it('sends the stop sequences and reads the finish reason', async () => {
    const fake = await startFakeOpenAi([
      { kind: 'answer' },
      { kind: 'raw', body: '{"choices":[{"message":{"content":"cut"},"finish_reason":"length"}],"usage":{"prompt_tokens":3,"completion_tokens":64}}' },
    ]);
    const gen = generator(fake);
    const stop = ['<|eot_id|>', '<|end_of_text|>', '<|start_header_id|>'];
    expect(await gen.generate({ ...request(), stop })).toMatchObject({ finishReason: 'stop' });
    expect(fake.requests[0]).toMatchObject({ stop });
    expect(await gen.generate(request())).toMatchObject({ text: 'cut', finishReason: 'length', tokensOut: 64 });
    // No stop sequences given: no `stop` field at all.
    expect(fake.requests[1]).not.toHaveProperty('stop');
    await gen.close();
  });

  it('never has more requests in flight than its concurrency', async () => {
    const fake = await startFakeOpenAi([], 60);
    const gen = generator(fake, { concurrency: 2 });
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => gen.generate(request(`post ${i}`))));
    expect(results.map((r) => r.text)).toEqual(
      Array.from({ length: 7 }, (_, i) => expect.stringContaining(`post ${i}`)),
    );
    expect(fake.maxConcurrent).toBe(2);
    expect(gen.parallelism).toBe(2);
  });

  it('retries an attempt that outlasts timeoutMs', async () => {
    const fake = await startFakeOpenAi([{ kind: 'answer', delayMs: 1_000 }]);
    const result = await generator(fake, { timeoutMs: 150 }).generate(request('slow'));
    expect(result.text).toContain('echo: slow');
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a dropped connection', async () => {
    const fake = await startFakeOpenAi([{ kind: 'reset' }]);
    expect((await generator(fake).generate(request('again'))).text).toContain('echo: again');
    expect(fake.requests).toHaveLength(2);
  });

  it('retries server errors', async () => {
    const fake = await startFakeOpenAi([
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
    ]);
    expect((await generator(fake).generate(request())).text).toContain('echo: hello there');
    expect(fake.requests).toHaveLength(3);
  });

  it('waits Retry-After seconds after a 429', async () => {
    const fake = await startFakeOpenAi([{ kind: 'status', status: 429, headers: { 'retry-after': '1' } }]);
    const started = performance.now();
    await generator(fake).generate(request());
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a malformed body once, then names the URL and the problem', async () => {
    const truncated = { kind: 'raw', body: '{"choices":[{"message":{"conte' } as const;
    const fake = await startFakeOpenAi([truncated, truncated, truncated]);
    const error = await rejection(generator(fake).generate(request()));
    expect(error).toBeInstanceOf(GenerationError);
    expect(error.message).toContain(`POST ${fake.baseUrl}/chat/completions failed after 2 attempts`);
    expect(error.message).toMatch(/malformed response \(x2\); last: malformed response \(body is not valid JSON/);
    expect(fake.requests).toHaveLength(2);
  });

  it('rejects a body without choices[0].message.content', async () => {
    const fake = await startFakeOpenAi([{ kind: 'raw', body: '{"choices":[]}' }]);
    const error = await rejection(generator(fake, { maxRetries: 0 }).generate(request()));
    expect(error.message).toContain('no choices[0].message.content in {"choices":[]}');
  });

  it('does not retry a 400, and quotes the server', async () => {
    const fake = await startFakeOpenAi();
    const gen = createOpenAiGenerator({ baseUrl: fake.baseUrl, model: 'missing-model', backoffMs: 5 });
    const error = await rejection(gen.generate(request()));
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).retryable).toBe(false);
    expect(error.message).toBe(
      `POST ${fake.baseUrl}/chat/completions failed: HTTP 400: The model \`missing-model\` does not exist.`,
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('lists every attempt when it gives up', async () => {
    const fake = await startFakeOpenAi([
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 500 },
      { kind: 'reset' },
      { kind: 'reset' },
    ]);
    const error = await rejection(generator(fake).generate(request()));
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).retryable).toBe(true);
    expect(error.message).toMatch(
      new RegExp(
        `^POST ${fake.baseUrl}/chat/completions failed after 5 attempts: HTTP 500 \\(x3\\), connection closed \\(x2\\); last: connection closed \\(`,
      ),
    );
    expect(fake.requests).toHaveLength(5);
  });

  it('cancels an in-flight request on abort', async () => {
    const fake = await startFakeOpenAi([{ kind: 'answer', delayMs: 5_000 }]);
    const started = performance.now();
    const error = await rejection(generator(fake).generate(request(), AbortSignal.timeout(100)));
    expect(error.name).toBe('TimeoutError');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(fake.requests).toHaveLength(1);
  });

  it('cancels the backoff wait on abort', async () => {
    const fake = await startFakeOpenAi([{ kind: 'status', status: 500 }]);
    const controller = new AbortController();
    const pending = generator(fake, { backoffMs: 10_000 }).generate(request(), controller.signal);
    await waitFor(() => fake.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the 500 arrive and the backoff begin
    controller.abort(new Error('user cancelled'));
    expect((await rejection(pending)).message).toBe('user cancelled');
    expect(fake.requests).toHaveLength(1);
  });

  it('drops a queued call on abort without sending it', async () => {
    const fake = await startFakeOpenAi([{ kind: 'answer', delayMs: 200 }]);
    const gen = generator(fake, { concurrency: 1 });
    const first = gen.generate(request('first'));
    const controller = new AbortController();
    const queued = gen.generate(request('queued'), controller.signal);
    controller.abort(new Error('not needed'));
    expect((await rejection(queued)).message).toBe('not needed');
    expect((await first).text).toContain('first');
    expect((await gen.generate(request('third'))).text).toContain('third');
    expect(fake.requests).toHaveLength(2);
  });

  it('fails calls in flight when closed', async () => {
    const fake = await startFakeOpenAi([{ kind: 'answer', delayMs: 5_000 }]);
    const gen = generator(fake);
    const pending = gen.generate(request());
    await waitFor(() => fake.requests.length === 1);
    await gen.close();
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(GenerationError);
    expect(error.message).toContain('was closed');
  });
});

describe('probeEndpoint', () => {
  it('lists the served model ids', async () => {
    const fake = await startFakeOpenAi();
    expect(await probeEndpoint(`${fake.baseUrl}/`)).toEqual([MODEL, 'other']);
  });

  it('says clearly when nothing listens', async () => {
    const fake = await startFakeOpenAi();
    await Promise.all(servers.splice(0).map(closeServer));
    const error = await rejection(probeEndpoint(fake.baseUrl));
    expect(error.message).toBe(`Cannot reach ${fake.baseUrl}/models: connection refused. Is the server running?`);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('condition not met within 2 s');
}

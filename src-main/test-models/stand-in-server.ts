/**
 * A small OpenAI-compatible HTTP server on 127.0.0.1 (random port) that answers with the rule-based stand-in
 * rephraser (rule-based-rephraser.ts): NOT a language model. The demo starts it and registers its models
 * through the real OpenAI-compatible backend, so prompting, stop sequences, retries, the reply gate and the
 * storage of every attempt all run as they would against vLLM or llama.cpp's server.
 *
 * Served: `GET /v1/models` and non-streaming `POST /v1/chat/completions`. Replies carry
 * `finish_reason: "stop"` and no `usage` (a rule-based stand-in has no tokens: the pipeline shows them as
 * unknown). Bad requests get a 400 with an OpenAI-style error body.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postFromRequest, ruleBasedRephrase, STAND_IN_STYLES, type StandInStyle } from './rule-based-rephraser.js';

/** Model ids the server answers to, each saying plainly what it is. */
export const STAND_IN_MODELS: Record<string, StandInStyle> = {
  'rule-based-stand-in-light (not an LLM)': STAND_IN_STYLES.light,
  'rule-based-stand-in-heavy (not an LLM)': STAND_IN_STYLES.heavy,
};

export interface StandInServer {
  /** e.g. http://127.0.0.1:41234/v1 */
  url: string;
  /** Chat requests answered so far. */
  readonly requests: number;
  close(): Promise<void>;
}

interface ChatRequest {
  model?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  temperature?: unknown;
  seed?: unknown;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The reply to one chat request, or the problem with it. */
export function answerChatRequest(body: ChatRequest): { content: string } | { problem: string } {
  const style = typeof body.model === 'string' ? STAND_IN_MODELS[body.model] : undefined;
  if (!style) return { problem: `The model \`${String(body.model)}\` does not exist; this server has: ${Object.keys(STAND_IN_MODELS).join(', ')}` };
  const user = Array.isArray(body.messages) ? body.messages.filter((m) => m?.role === 'user').pop() : undefined;
  if (!user || typeof user.content !== 'string') return { problem: 'messages must hold a user message with string content' };
  const temperature = typeof body.temperature === 'number' ? body.temperature : 1;
  const seed = Number.isInteger(body.seed) ? (body.seed as number) : 0;
  return { content: ruleBasedRephrase(postFromRequest(user.content), { seed, temperature, style }) };
}

export async function startStandInServer(): Promise<StandInServer> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      return send(res, 200, { object: 'list', data: Object.keys(STAND_IN_MODELS).map((id) => ({ id, object: 'model', owned_by: 'synthlab-demo' })) });
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      let body: ChatRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
      } catch {
        return send(res, 400, { error: { message: 'the body is not JSON', type: 'invalid_request_error' } });
      }
      const answer = answerChatRequest(body);
      if ('problem' in answer) return send(res, 400, { error: { message: answer.problem, type: 'invalid_request_error' } });
      send(res, 200, {
        id: `chatcmpl-stand-in-${requests}`,
        object: 'chat.completion',
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: 'stop' }],
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TextGenerator } from '../../src-main/llm/backend.js';

/**
 * A minimal OpenAI-compatible server on loopback with real node-llama-cpp models behind it,
 * standing in for vLLM or llama.cpp's server in the tests.
 */
export async function startLlamaHttpServer(
  models: Record<string, TextGenerator>,
): Promise<{ url: string; requests: number; bodies: unknown[]; close(): Promise<void> }> {
  const state = { requests: 0, bodies: [] as unknown[] };
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/v1/models') {
      return send(200, { object: 'list', data: Object.keys(models).map((id) => ({ id, object: 'model' })) });
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, { error: { message: 'not found' } });
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      state.requests++;
      const body = JSON.parse(raw) as { model: string; messages: never[]; temperature: number; seed: number; max_tokens: number; stop?: string[] };
      state.bodies.push(body);
      const model = models[body.model];
      if (!model) return send(404, { error: { message: `no model ${body.model}` } });
      model
        .generate({ messages: body.messages, temperature: body.temperature, seed: body.seed, maxTokens: body.max_tokens, ...(body.stop ? { stop: body.stop } : {}) })
        .then((r) =>
          send(200, {
            id: `chatcmpl-${state.requests}`,
            object: 'chat.completion',
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: r.text }, finish_reason: r.finishReason }],
            ...(r.tokensIn !== null && r.tokensOut !== null
              ? { usage: { prompt_tokens: r.tokensIn, completion_tokens: r.tokensOut, total_tokens: r.tokensIn + r.tokensOut } }
              : {}),
          }),
        )
        .catch((err: Error) => send(500, { error: { message: err.message } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    /** Every chat request's parsed body, in arrival order. */
    bodies: state.bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Browser mode: the renderer build and the API over HTTP, on 127.0.0.1 unless another host is
 * given, behind a random token. Job progress is pushed with server-sent events.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { exportDataset } from '../datasets/exporter.js';
import { buildReport } from '../report/report.js';
import type { Store } from '../store/store.js';
import { ReportRequestSchema, type ApiEvent, type ApiReply } from '../contract/contract.js';
import { ExportOptionsSchema } from '../contract/schemas.js';
import { dispatch } from './dispatch.js';
import { createHandlers } from './handlers.js';
import { JobRunner } from './job-runner.js';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
const MAX_CALL_BYTES = 16 * 1024 * 1024;

export interface ServeOptions {
  store: Store;
  host?: string;
  port?: number;
  /** The built renderer (index.html and assets); without it only the API is served. */
  staticDir?: string;
  uploadsDir: string;
  modelsDir: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  runner: JobRunner;
  close(): Promise<void>;
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Browser mode's export: the file comes back as a download instead of being written on the server. */
async function sendExport(res: http.ServerResponse, store: Store, query: URLSearchParams): Promise<void> {
  const request = ExportOptionsSchema.safeParse(Object.fromEntries(query));
  if (!request.success) return sendJson(res, 400, { ok: false, error: `invalid export request: ${request.error.issues.map((i) => i.message).join('; ')}` });
  const chunks: string[] = [];
  let result;
  try {
    result = await exportDataset(store, request.data, { write: (chunk: string) => chunks.push(chunk) });
  } catch (err) {
    return sendJson(res, 400, { ok: false, error: (err as Error).message });
  }
  const fileName = `${result.dataset}${result.kind === 'variants' ? '-variants' : ''}.${result.format}`;
  res.writeHead(200, {
    'content-type': result.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'no-store',
    'x-synthlab-rows': String(result.rows),
  });
  res.end(chunks.join(''));
}

/** Browser mode's report: built on request and sent as a download, nothing left on the server. */
function sendReport(res: http.ServerResponse, store: Store, query: URLSearchParams): void {
  const dataset = query.get('dataset');
  if (!dataset) return sendJson(res, 400, { ok: false, error: 'invalid report request: name the dataset (?dataset=NAME)' });
  // ?sweep=, ?experiment=, ?audit= choose what goes in, checked by the contract's schema.
  const request = ReportRequestSchema.safeParse({
    dataset,
    ...Object.fromEntries(['sweep', 'experiment', 'audit'].flatMap((k) => (query.has(k) ? [[k, Number(query.get(k))]] : []))),
  });
  if (!request.success) return sendJson(res, 400, { ok: false, error: `invalid report request: ${request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
  let html: string;
  try {
    const { dataset: _d, ...choice } = request.data;
    html = buildReport(store, dataset, choice);
  } catch (err) {
    return sendJson(res, 400, { ok: false, error: (err as Error).message });
  }
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`${dataset}-report.html`)}`,
    'cache-control': 'no-store',
  });
  res.end(html);
}

export async function startHttpServer(o: ServeOptions): Promise<RunningServer> {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const runner = new JobRunner(o.store);
  const handlers = createHandlers({ store: o.store, runner, modelsDir: o.modelsDir });
  const listeners = new Set<http.ServerResponse>();
  runner.on('event', (e: ApiEvent) => {
    const frame = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of listeners) res.write(frame);
  });

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    if (!o.staticDir) return sendJson(res, 404, { ok: false, error: 'no renderer build: run npm run build' });
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
    const file = path.resolve(o.staticDir, rel);
    const inside = file.startsWith(path.resolve(o.staticDir) + path.sep);
    const target = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(o.staticDir, 'index.html');
    res.writeHead(200, {
      'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(target).pipe(res);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const authorised = () =>
      sameToken(url.searchParams.get('token'), token) ||
      sameToken(req.headers.authorization?.replace(/^Bearer /, ''), token);
    try {
      if (url.pathname.startsWith('/api/')) {
        if (!authorised()) return sendJson(res, 401, { ok: false, error: 'missing or wrong access token: open the URL that synthlab serve printed' });
        if (url.pathname === '/api/events' && req.method === 'GET') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
          res.write(': connected\n\n');
          listeners.add(res);
          req.on('close', () => listeners.delete(res));
          return;
        }
        if (url.pathname === '/api/upload' && req.method === 'POST') {
          const name = path.basename(url.searchParams.get('name') ?? 'upload');
          if (!/\.(jsonl|ndjson|csv|tsv|json|js|parquet|gguf)$/i.test(name)) {
            return sendJson(res, 400, { ok: false, error: `${name}: only dataset files (.jsonl, .ndjson, .csv, .tsv, .json, .js, .parquet) and .gguf files can be uploaded` });
          }
          if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) return sendJson(res, 413, { ok: false, error: 'file too large' });
          // A folder of its own per upload keeps the file's name, which the importer's errors quote.
          const folder = path.join(o.uploadsDir, `${Date.now()}-${randomBytes(3).toString('hex')}`);
          fs.mkdirSync(folder, { recursive: true });
          const target = path.join(folder, name);
          await pipeline(req, fs.createWriteStream(target));
          return sendJson(res, 200, { ok: true, result: { file: target } } satisfies ApiReply<{ file: string }>);
        }
        if (url.pathname === '/api/export' && req.method === 'GET') return await sendExport(res, o.store, url.searchParams);
        if (url.pathname === '/api/report' && req.method === 'GET') return sendReport(res, o.store, url.searchParams);
        const call = /^\/api\/call\/([\w.]+)$/.exec(url.pathname);
        if (call && req.method === 'POST') {
          let payload: unknown;
          try {
            const body = await readBody(req, MAX_CALL_BYTES);
            payload = body ? JSON.parse(body) : {};
          } catch (err) {
            return sendJson(res, 400, { ok: false, error: `malformed request: ${(err as Error).message}` });
          }
          const reply = await dispatch(handlers, call[1]!, payload);
          return sendJson(res, reply.ok ? 200 : 400, reply);
        }
        return sendJson(res, 404, { ok: false, error: `no such endpoint ${req.method} ${url.pathname}` });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: 'method not allowed' });
      serveStatic(req, res, url.pathname);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: (err as Error).message });
      else res.end();
    }
  });

  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    runner,
    async close() {
      for (const res of listeners) res.end();
      await runner.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadModel, resolveModelSource, type DownloadProgress } from '../../src-main/llm/model-download.js';
import { tmpDir } from '../helpers/tmp.js';

/** A small stand-in for a model: the GGUF magic, then random bytes. */
const MODEL_BYTES = Buffer.concat([Buffer.from('GGUF'), randomBytes(300_000)]);
const MODEL_SHA256 = sha256(MODEL_BYTES);

interface FileServerOptions {
  /** Served path → content. */
  files: Record<string, Buffer>;
  /** On the first request, send this many bytes of the body and then drop the connection. */
  dropFirstAfterBytes?: number;
  /** Answer every request with the whole file, as servers without range support do. */
  ignoreRange?: boolean;
}

interface FileServer {
  origin: string;
  requests: { url: string; range?: string }[];
}

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A loopback file server with `Range: bytes=N-` support and an optional dropped connection. */
async function startFileServer(options: FileServerOptions): Promise<FileServer> {
  const fileServer: FileServer = { origin: '', requests: [] };
  const server = http.createServer((req, res) => {
    fileServer.requests.push({ url: req.url ?? '', range: req.headers.range });
    const content = options.files[req.url ?? ''];
    if (!content) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const start = options.ignoreRange ? 0 : rangeStart(req.headers.range);
    const body = content.subarray(start);
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(body.length) };
    if (start > 0) {
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${content.length - 1}/${content.length}` });
    } else {
      res.writeHead(200, { ...headers, 'accept-ranges': 'bytes' });
    }
    if (fileServer.requests.length === 1 && options.dropFirstAfterBytes !== undefined) {
      res.write(body.subarray(0, options.dropFirstAfterBytes), () => setTimeout(() => req.socket.destroy(), 20));
    } else {
      res.end(body);
    }
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fileServer.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fileServer;
}

function rangeStart(header: string | undefined): number {
  const match = /^bytes=(\d+)-$/.exec(header ?? '');
  return match ? Number(match[1]) : 0;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('downloadModel', () => {
  it('downloads, reports progress and checks the SHA-256', async () => {
    const server = await startFileServer({ files: { '/m/model.gguf': MODEL_BYTES } });
    const dest = tmpDir();
    const progress: DownloadProgress[] = [];
    const result = await downloadModel(`${server.origin}/m/model.gguf`, dest, {
      expectedSha256: MODEL_SHA256.toUpperCase(),
      onProgress: (p) => progress.push(p),
    });
    expect(result).toEqual({
      file: path.join(dest, 'model.gguf'),
      sha256: MODEL_SHA256,
      bytes: MODEL_BYTES.length,
      resumed: false,
    });
    expect(fs.readFileSync(result.file).equals(MODEL_BYTES)).toBe(true);
    expect(fs.readdirSync(dest)).toEqual(['model.gguf']);
    expect(progress.at(-1)).toMatchObject({ receivedBytes: MODEL_BYTES.length, totalBytes: MODEL_BYTES.length });
    expect(progress.every((p) => p.bytesPerSecond >= 0)).toBe(true);
    expect(server.requests).toEqual([{ url: '/m/model.gguf', range: undefined }]);
  });

  it('resumes with a Range request after a dropped connection', async () => {
    const server = await startFileServer({ files: { '/model.gguf': MODEL_BYTES }, dropFirstAfterBytes: 100_000 });
    const dest = tmpDir();
    const result = await downloadModel(`${server.origin}/model.gguf`, dest, {
      expectedSha256: MODEL_SHA256,
      backoffMs: 5,
    });
    expect(server.requests).toHaveLength(2);
    const resumedAt = rangeStart(server.requests[1]!.range);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(100_000);
    expect(result).toMatchObject({ sha256: MODEL_SHA256, bytes: MODEL_BYTES.length, resumed: true });
    expect(fs.readFileSync(result.file).equals(MODEL_BYTES)).toBe(true);
  });

  it('resumes a part file left by an earlier call', async () => {
    const server = await startFileServer({ files: { '/model.gguf': MODEL_BYTES } });
    const dest = tmpDir();
    fs.writeFileSync(path.join(dest, 'model.gguf.part'), MODEL_BYTES.subarray(0, 1234));
    const result = await downloadModel(`${server.origin}/model.gguf`, dest, { expectedSha256: MODEL_SHA256 });
    expect(server.requests[0]!.range).toBe('bytes=1234-');
    expect(result.resumed).toBe(true);
    expect(fs.readFileSync(result.file).equals(MODEL_BYTES)).toBe(true);
  });

  it('starts over when the server ignores the Range request', async () => {
    const server = await startFileServer({
      files: { '/model.gguf': MODEL_BYTES },
      dropFirstAfterBytes: 50_000,
      ignoreRange: true,
    });
    const dest = tmpDir();
    const result = await downloadModel(`${server.origin}/model.gguf`, dest, {
      expectedSha256: MODEL_SHA256,
      backoffMs: 5,
    });
    expect(server.requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(result.resumed).toBe(false);
    expect(fs.readFileSync(result.file).equals(MODEL_BYTES)).toBe(true);
  });

  it('deletes the download and names both hashes on a SHA-256 mismatch', async () => {
    const server = await startFileServer({ files: { '/model.gguf': MODEL_BYTES } });
    const dest = tmpDir();
    const wrong = 'ab'.repeat(32);
    const error = await rejection(downloadModel(`${server.origin}/model.gguf`, dest, { expectedSha256: wrong }));
    expect(error.message).toBe(`SHA-256 mismatch: expected ${wrong}, got ${MODEL_SHA256}`);
    expect(fs.readdirSync(dest)).toEqual([]);
  });

  it('rejects a file that is not GGUF', async () => {
    const server = await startFileServer({ files: { '/model.gguf': Buffer.from('<!doctype html><p>Sign in</p>') } });
    const dest = tmpDir();
    const error = await rejection(downloadModel(`${server.origin}/model.gguf`, dest));
    expect(error.message).toMatch(/not a GGUF file/);
    expect(fs.readdirSync(dest)).toEqual([]);
  });

  it('does not retry a 404', async () => {
    const server = await startFileServer({ files: {} });
    const error = await rejection(downloadModel(`${server.origin}/missing.gguf`, tmpDir(), { backoffMs: 5 }));
    expect(error.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/missing\.gguf failed: HTTP 404/);
    expect(server.requests).toHaveLength(1);
  });

  it('fetches hf: URIs from the Hugging Face resolve URL', async () => {
    const server = await startFileServer({
      files: {
        '/TheOrg/tiny-GGUF/resolve/main/tiny.Q4_K_M.gguf': MODEL_BYTES,
        '/TheOrg/tiny-GGUF/resolve/v1.0/quants/tiny.Q8_0.gguf': MODEL_BYTES,
      },
    });
    const dest = tmpDir();
    const main = await downloadModel('hf:TheOrg/tiny-GGUF/tiny.Q4_K_M.gguf', dest, { hfBaseUrl: server.origin });
    const pinned = await downloadModel('hf:TheOrg/tiny-GGUF@v1.0/quants/tiny.Q8_0.gguf', dest, {
      hfBaseUrl: `${server.origin}/`,
    });
    expect(main.file).toBe(path.join(dest, 'tiny.Q4_K_M.gguf'));
    expect(pinned.file).toBe(path.join(dest, 'tiny.Q8_0.gguf'));
    expect(server.requests.map((r) => r.url)).toEqual([
      '/TheOrg/tiny-GGUF/resolve/main/tiny.Q4_K_M.gguf',
      '/TheOrg/tiny-GGUF/resolve/v1.0/quants/tiny.Q8_0.gguf',
    ]);
  });

  it('keeps the part file when aborted', async () => {
    const server = await startFileServer({ files: { '/model.gguf': MODEL_BYTES }, dropFirstAfterBytes: 100_000 });
    const dest = tmpDir();
    const controller = new AbortController();
    const pending = downloadModel(`${server.origin}/model.gguf`, dest, {
      backoffMs: 10_000,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('user cancelled')),
    });
    expect((await rejection(pending)).message).toBe('user cancelled');
    expect(fs.readdirSync(dest)).toEqual(['model.gguf.part']);
  });
});

describe('resolveModelSource', () => {
  it('maps hf: URIs and URLs to a URL and a file name', () => {
    expect(resolveModelSource('hf:a/b@dev/x y.gguf', 'https://hf.example/')).toEqual({
      url: 'https://hf.example/a/b/resolve/dev/x%20y.gguf',
      fileName: 'x y.gguf',
    });
    expect(resolveModelSource('https://host/dl/m%201.gguf?download=true').fileName).toBe('m 1.gguf');
    expect(() => resolveModelSource('hf:just-a-repo')).toThrow(/Not a Hugging Face URI/);
    expect(() => resolveModelSource('ftp://host/m.gguf')).toThrow(/Unsupported protocol/);
    expect(() => resolveModelSource('https://host/')).toThrow(/Cannot tell the file name/);
  });
});

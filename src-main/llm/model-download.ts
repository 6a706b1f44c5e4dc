import fs from 'node:fs';
import path from 'node:path';
import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { backoffDelayMs, networkFaultLabel, sleep } from './openai-backend.js';

/**
 * Downloads a GGUF model into a folder: streams into `<name>.part`, resumes it with a Range request after a
 * dropped connection (or a previous interrupted call), verifies size, SHA-256 and the GGUF magic, and only
 * then renames it into place, so a model file that exists is always complete.
 */

export interface DownloadProgress {
  /** Bytes of the file on disk so far, including a resumed part. */
  receivedBytes: number;
  totalBytes?: number;
  /** Transfer rate of the current attempt. */
  bytesPerSecond: number;
}

export interface DownloadOptions {
  /** Hex SHA-256 of the whole file; checked when given. */
  expectedSha256?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
  /** Where `hf:` URIs point; default https://huggingface.co. */
  hfBaseUrl?: string;
  /** First retry delay, doubling each retry; default 500. */
  backoffMs?: number;
}

export interface DownloadResult {
  file: string;
  sha256: string;
  bytes: number;
  /** True when the file was completed from a partial download rather than fetched from byte 0. */
  resumed: boolean;
}

export class ModelDownloadError extends Error {
  override name = 'ModelDownloadError';
  constructor(
    message: string,
    /** True for faults that may clear on a later try (network, server errors). */
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** Attempts per download; each retry after a dropped connection resumes where the last one stopped. */
const MAX_ATTEMPTS = 5;
const PROGRESS_INTERVAL_MS = 100;
const GGUF_MAGIC = Buffer.from('GGUF', 'ascii');

export async function downloadModel(
  source: string,
  destDir: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { url, fileName } = resolveModelSource(source, options.hfBaseUrl);
  fs.mkdirSync(destDir, { recursive: true });
  const target = path.join(destDir, fileName);
  const partFile = `${target}.part`;

  const transfer = await transferWithRetries(url, partFile, options);
  await verifyPart(partFile, transfer.sha256, options.expectedSha256);
  await syncToDisk(partFile);
  fs.renameSync(partFile, target);
  return { file: target, sha256: transfer.sha256, bytes: transfer.bytes, resumed: transfer.resumed };
}

/** Maps `hf:owner/repo[@revision]/path/file.gguf` or an http(s) URL to the URL to fetch and the local file name. */
export function resolveModelSource(
  source: string,
  hfBaseUrl = 'https://huggingface.co',
): { url: string; fileName: string } {
  if (source.startsWith('hf:')) return resolveHuggingFaceUri(source, hfBaseUrl);
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new ModelDownloadError(
      `Not a model source: "${source}" (expected an http(s) URL or hf:owner/repo/file.gguf)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelDownloadError(`Unsupported protocol in "${source}" (expected http or https)`);
  }
  return { url: url.href, fileName: safeFileName(decodeURIComponent(url.pathname.split('/').pop() ?? ''), source) };
}

function resolveHuggingFaceUri(source: string, hfBaseUrl: string): { url: string; fileName: string } {
  const match = /^hf:([^/@\s]+)\/([^/@\s]+)(?:@([^/\s]+))?\/(.+)$/.exec(source);
  if (!match) {
    throw new ModelDownloadError(
      `Not a Hugging Face URI: "${source}" (expected hf:owner/repo[@revision]/path/file.gguf)`,
    );
  }
  const [, owner, repo, revision = 'main', filePath] = match as unknown as [
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const segments = filePath.split('/');
  const encodedPath = segments.map(encodeURIComponent).join('/');
  const base = hfBaseUrl.replace(/\/+$/, '');
  const url = `${base}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
  return { url, fileName: safeFileName(segments[segments.length - 1] ?? '', source) };
}

function safeFileName(name: string, source: string): string {
  if (!name || name === '.' || name === '..' || /[/\\]/.test(name)) {
    throw new ModelDownloadError(`Cannot tell the file name from "${source}"`);
  }
  return name;
}

interface Transfer {
  sha256: string;
  bytes: number;
  resumed: boolean;
}

/** Why one attempt did not finish the file; `retryable` faults are retried, resuming from the part file. */
class AttemptError extends ModelDownloadError {}

async function transferWithRetries(url: string, partFile: string, options: DownloadOptions): Promise<Transfer> {
  const faults: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await transferOnce(url, partFile, options);
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const fault = describeFault(error);
      if (!fault) throw error; // e.g. a full disk: nothing a retry would fix
      if (!fault.retryable) throw new ModelDownloadError(`GET ${url} failed: ${fault.label}`);
      faults.push(fault.label);
      if (attempt >= MAX_ATTEMPTS) {
        throw new ModelDownloadError(`GET ${url} failed after ${attempt} attempts: ${faults.join('; ')}`, true);
      }
    }
    await sleep(backoffDelayMs(attempt, options.backoffMs ?? 500), options.signal);
  }
}

/** A short label for network and HTTP faults; undefined for anything else (disk errors, bugs), rethrown as is. */
function describeFault(error: unknown): { label: string; retryable: boolean } | undefined {
  if (error instanceof AttemptError) return { label: error.message, retryable: error.retryable };
  const networkFault = networkFaultLabel(error);
  if (networkFault) return { label: networkFault, retryable: true };
  // Other fetch failures (unknown host, TLS) are configuration problems that a retry would not fix.
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = error.cause instanceof Error ? error.cause.message : 'unknown network error';
    return { label: cause, retryable: false };
  }
  return undefined;
}

/** One GET that appends to the part file when the server honours our Range request, else rewrites it. */
async function transferOnce(url: string, partFile: string, options: DownloadOptions): Promise<Transfer> {
  const existingBytes = fileSize(partFile);
  const headers: Record<string, string> = existingBytes > 0 ? { range: `bytes=${existingBytes}-` } : {};
  const response = await (options.fetchImpl ?? fetch)(url, { headers, signal: options.signal });

  if (response.status === 416 && existingBytes > 0) {
    await response.body?.cancel();
    // The part may already be whole (we were stopped before the rename); otherwise it is stale: start over.
    if (rangeTotal(response) === existingBytes) return hashWholePart(partFile, existingBytes);
    fs.rmSync(partFile, { force: true });
    throw new AttemptError(`HTTP 416 for bytes=${existingBytes}-, restarting`, true);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw httpError(response.status);
  }

  const resumeFrom = response.status === 206 ? resumeOffset(response, existingBytes) : 0;
  if (response.status === 206 && resumeFrom === undefined) {
    await response.body.cancel();
    fs.rmSync(partFile, { force: true });
    throw new AttemptError(`server answered a different range than bytes=${existingBytes}-, restarting`, true);
  }
  const startBytes = resumeFrom ?? 0;
  const totalBytes = expectedTotal(response, startBytes);
  const hash = createHash('sha256');
  if (startBytes > 0) await hashFile(partFile, hash);

  const progress = progressMeter(startBytes, totalBytes, hash, options.onProgress);
  await pipeline(
    Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>),
    progress.transform,
    fs.createWriteStream(partFile, { flags: startBytes > 0 ? 'a' : 'w' }),
    { signal: options.signal },
  );
  progress.report();

  const bytes = fileSize(partFile);
  if (totalBytes !== undefined && bytes !== totalBytes) {
    throw new AttemptError(`connection ended at byte ${bytes} of ${totalBytes}`, true);
  }
  return { sha256: hash.digest('hex'), bytes, resumed: startBytes > 0 };
}

function httpError(status: number): AttemptError {
  const transient = status === 408 || status === 429 || status >= 500;
  const hint =
    status === 401 || status === 403
      ? ' (the repository may be gated or private)'
      : status === 404
        ? ' (check the repository, revision and file path)'
        : '';
  return new AttemptError(`HTTP ${status}${hint}`, transient);
}

/** The start of a 206's Content-Range when it is where our part file ends; undefined when it is not. */
function resumeOffset(response: Response, existingBytes: number): number | undefined {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  return match && Number(match[1]) === existingBytes ? existingBytes : undefined;
}

/** Size of the complete file, from Content-Range (206) or Content-Length (200), when the server says. */
function expectedTotal(response: Response, startBytes: number): number | undefined {
  // fetch decompresses a compressed body, so the header sizes would not match the bytes we write.
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return undefined;
  const total = rangeTotal(response);
  if (total !== undefined) return total;
  const length = response.headers.get('content-length');
  return length === null ? undefined : startBytes + Number(length);
}

/** The complete size that a Content-Range header ends with ("/N"), on a 206 or a 416. */
function rangeTotal(response: Response): number | undefined {
  const total = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
  return total === undefined ? undefined : Number(total);
}

async function hashWholePart(partFile: string, bytes: number): Promise<Transfer> {
  const hash = createHash('sha256');
  await hashFile(partFile, hash);
  return { sha256: hash.digest('hex'), bytes, resumed: true };
}

/** Hashes bytes as they pass and reports progress at most every PROGRESS_INTERVAL_MS. */
function progressMeter(
  startBytes: number,
  totalBytes: number | undefined,
  hash: Hash,
  onProgress: DownloadOptions['onProgress'],
): { transform: Transform; report: () => void } {
  const started = performance.now();
  let received = startBytes;
  let lastReport = 0;
  const report = () => {
    const seconds = (performance.now() - started) / 1000;
    const bytesPerSecond = seconds > 0 ? (received - startBytes) / seconds : 0;
    onProgress?.({ receivedBytes: received, totalBytes, bytesPerSecond });
  };
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      received += chunk.length;
      const now = performance.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        report();
      }
      done(null, chunk);
    },
  });
  return { transform, report };
}

async function verifyPart(partFile: string, sha256: string, expectedSha256: string | undefined): Promise<void> {
  if (expectedSha256 && sha256 !== expectedSha256.trim().toLowerCase()) {
    fs.rmSync(partFile, { force: true });
    throw new ModelDownloadError(`SHA-256 mismatch: expected ${expectedSha256.trim().toLowerCase()}, got ${sha256}`);
  }
  if (!startsWithGgufMagic(partFile)) {
    fs.rmSync(partFile, { force: true });
    throw new ModelDownloadError('The download is not a GGUF file (it does not start with "GGUF")');
  }
}

function startsWithGgufMagic(file: string): boolean {
  const head = Buffer.alloc(GGUF_MAGIC.length);
  const fd = fs.openSync(file, 'r');
  try {
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(GGUF_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

async function hashFile(file: string, hash: Hash): Promise<void> {
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
}

/** Flushes the part to disk before the rename, so a crash cannot leave a complete-looking but empty file. */
async function syncToDisk(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

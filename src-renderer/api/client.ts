/**
 * The renderer's one way to the engine: Electron IPC through `window.synthlab` when the
 * preload provides it, else HTTP to `synthlab serve`. Both answer the same ApiReply envelope.
 */
import type { ApiEvent, ApiReply, ProcedureName, ProcInput, ProcOutput } from '../../src-main/contract/contract';
import { accessToken } from './access-token';
import { desktopBridge } from './desktop-bridge';

/** A failed call, carrying the engine's message (and per-field issues for invalid input). */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

function unwrap<T>(reply: ApiReply<T>): T {
  if (reply.ok) return reply.result;
  throw new ApiCallError(reply.error, reply.issues);
}

async function httpJson<T>(url: string, init: RequestInit): Promise<ApiReply<T>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${accessToken()}` } });
  } catch {
    throw new ApiCallError('cannot reach the SynthLab server: is `synthlab serve` still running?');
  }
  try {
    return (await res.json()) as ApiReply<T>;
  } catch {
    throw new ApiCallError(`the server answered ${res.status} ${res.statusText} without a readable reply`);
  }
}

export async function call<K extends ProcedureName>(name: K, input: ProcInput<K>): Promise<ProcOutput<K>> {
  const bridge = desktopBridge();
  const reply = bridge
    ? await bridge.call(name, input)
    : await httpJson<unknown>(`api/call/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
  return unwrap(reply) as ProcOutput<K>;
}

type Listener = (event: ApiEvent) => void;
const listeners = new Set<Listener>();
let stopSource: (() => void) | undefined;

function openEventSource(): () => void {
  const bridge = desktopBridge();
  const deliver = (event: ApiEvent) => listeners.forEach((l) => l(event));
  if (bridge) return bridge.onEvent(deliver);
  // EventSource cannot send headers, so the token rides in the query string (the server accepts both).
  const source = new EventSource(`api/events?token=${encodeURIComponent(accessToken())}`);
  source.onmessage = (m: MessageEvent<string>) => deliver(JSON.parse(m.data) as ApiEvent);
  return () => source.close();
}

/** Job events (progress, finished); one connection is shared by every subscriber. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  stopSource ??= openEventSource();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      stopSource?.();
      stopSource = undefined;
    }
  };
}

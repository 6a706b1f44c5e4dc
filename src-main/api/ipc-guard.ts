/**
 * The checks behind every IPC call from the renderer, kept free of Electron so they are
 * tested in plain Node: the sender must be the app's own page, the procedure must exist
 * and the payload must match the contract (dispatch validates it).
 */
import type { ApiReply } from '../contract/contract.js';
import { dispatch } from './dispatch.js';
import type { Handlers } from './handlers.js';

export interface IpcSender {
  /** URL of the frame that sent the message (event.senderFrame.url). */
  url: string | undefined;
}

/** True when the URL is the app's renderer page (its index.html), in any route or query. */
export function isAppPage(url: string | undefined, appPageUrl: string): boolean {
  if (!url) return false;
  try {
    const given = new URL(url);
    const app = new URL(appPageUrl);
    return given.protocol === app.protocol && given.host === app.host && given.pathname === app.pathname;
  } catch {
    return false;
  }
}

export function createIpcCallHandler(handlers: Handlers, appPageUrl: string) {
  return async (sender: IpcSender, name: unknown, payload: unknown): Promise<ApiReply<unknown>> => {
    if (!isAppPage(sender.url, appPageUrl)) return { ok: false, error: 'refused: the call did not come from the SynthLab window' };
    if (typeof name !== 'string') return { ok: false, error: 'refused: the procedure name must be a string' };
    return dispatch(handlers, name, payload);
  };
}

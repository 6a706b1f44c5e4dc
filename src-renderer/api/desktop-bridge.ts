import type { ApiEvent, ApiReply, ProcedureName } from '../../src-main/api/contract';

/** A file-type filter of the native open dialog, as Electron's dialog takes it. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** What the Electron preload exposes on `window.synthlab`; absent in browser mode. */
export interface DesktopBridge {
  call(name: ProcedureName, payload: unknown): Promise<ApiReply<unknown>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  openFile(filters: FileFilter[]): Promise<string | null>;
  saveFile(defaultName: string): Promise<string | null>;
}

declare global {
  interface Window {
    synthlab?: DesktopBridge;
  }
}

export function desktopBridge(): DesktopBridge | undefined {
  return window.synthlab;
}

export const isDesktop = (): boolean => desktopBridge() !== undefined;

import type { ApiEvent, ApiReply, ProcedureName } from '../../src-main/contract/contract';

/** What the Electron preload exposes on `window.synthlab`; absent in browser mode. */
export interface DesktopBridge {
  call(name: ProcedureName, payload: unknown): Promise<ApiReply<unknown>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** The native open dialog, filtered to dataset files (JSONL, CSV) or model files (GGUF). */
  openFile(kind: 'dataset' | 'model'): Promise<string | null>;
  saveFile(defaultName: string): Promise<string | null>;
  /** Where a file dropped on the window lives. */
  pathForFile(file: File): string;
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

/**
 * The renderer's only door to the engine: a narrow, typed object on window.synthlab.
 * Sandboxed preloads are CommonJS and may only use Electron's renderer modules.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';

type Listener = (event: unknown) => void;

contextBridge.exposeInMainWorld('synthlab', {
  call: (name: string, payload: unknown) => ipcRenderer.invoke('synthlab:call', name, payload),
  onEvent: (listener: Listener) => {
    const wrapped = (_e: unknown, event: unknown) => listener(event);
    ipcRenderer.on('synthlab:event', wrapped);
    return () => ipcRenderer.removeListener('synthlab:event', wrapped);
  },
  openFile: (kind: 'dataset' | 'model') => ipcRenderer.invoke('synthlab:open-file', kind),
  saveFile: (defaultName: string) => ipcRenderer.invoke('synthlab:save-file', defaultName),
  /** The path of a file dropped on the window (File.path no longer exists in Electron). */
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});

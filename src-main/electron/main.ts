/**
 * The Electron shell: one locked-down window on the React renderer, the engine in this
 * (main) process behind validated IPC, long jobs in worker threads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type MenuItemConstructorOptions } from 'electron';
import type { ApiEvent } from '../contract/contract.js';
import { createHandlers } from '../api/handlers.js';
import { CONTENT_SECURITY_POLICY } from '../api/http-server.js';
import { createIpcCallHandler, isAppPage } from '../api/ipc-guard.js';
import { JobRunner } from '../api/job-runner.js';
import { APP_NAME, DEFAULT_DB_FILE } from '../store/paths.js';
import { Store } from '../store/store.js';
import { packageRoot } from '../util/resources.js';
import { loadWindowState, trackWindowState } from './window-state.js';

app.setName(APP_NAME);
if (!app.requestSingleInstanceLock()) app.quit();

const root = packageRoot();
const rendererIndex = path.join(root, 'dist-renderer', 'index.html');
const appPageUrl = pathToFileURL(rendererIndex).href;
// Built by `npm start` / packaging for Electron's ABI; tests use Node's own build.
const electronSqlite = path.join(root, '.electron-native', 'better_sqlite3.node');

const DATASET_FILTERS = [{ name: 'Posts (JSONL, CSV)', extensions: ['jsonl', 'ndjson', 'csv'] }];
const MODEL_FILTERS = [{ name: 'GGUF models', extensions: ['gguf'] }];

let win: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  const state = loadWindowState(app.getPath('userData'));
  const w = new BrowserWindow({
    ...state.bounds,
    minWidth: 960,
    minHeight: 600,
    title: APP_NAME,
    show: false,
    webPreferences: {
      preload: path.join(import.meta.dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) w.maximize();
  trackWindowState(w, app.getPath('userData'));
  w.once('ready-to-show', () => w.show());
  // Nothing but the app's own page: no navigation, no new windows (links open in the browser).
  w.webContents.on('will-navigate', (e, url) => {
    if (!isAppPage(url, appPageUrl)) e.preventDefault();
  });
  w.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void w.loadFile(rendererIndex);
  return w;
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import dataset…', accelerator: 'CmdOrCtrl+O', click: () => win?.webContents.send('synthlab:event', { type: 'menu', action: 'import' }) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function main(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const store = Store.open(path.join(userData, DEFAULT_DB_FILE), fs.existsSync(electronSqlite) ? { nativeBinding: electronSqlite } : {});
  const runner = new JobRunner(store);
  const handlers = createHandlers({ store, runner, modelsDir: path.join(userData, 'models') });
  const call = createIpcCallHandler(handlers, appPageUrl);

  // No remote content: only the app's files and devtools may load.
  session.defaultSession.webRequest.onBeforeRequest((details, respond) => {
    respond({ cancel: !/^(file|devtools|data|blob):/.test(details.url) });
  });
  session.defaultSession.webRequest.onHeadersReceived((details, respond) => {
    respond({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  ipcMain.handle('synthlab:call', (event, name: unknown, payload: unknown) => call({ url: event.senderFrame?.url }, name, payload));
  ipcMain.handle('synthlab:open-file', async (event, kind: unknown) => {
    if (!isAppPage(event.senderFrame?.url, appPageUrl) || !win) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: kind === 'model' ? MODEL_FILTERS : DATASET_FILTERS });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  ipcMain.handle('synthlab:save-file', async (event, defaultName: unknown) => {
    if (!isAppPage(event.senderFrame?.url, appPageUrl) || !win || typeof defaultName !== 'string') return null;
    const r = await dialog.showSaveDialog(win, { defaultPath: path.basename(defaultName) });
    return r.canceled ? null : (r.filePath ?? null);
  });
  runner.on('event', (e: ApiEvent) => win?.webContents.send('synthlab:event', e));

  buildMenu();
  win = createWindow();
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });
  app.on('activate', () => {
    if (!BrowserWindow.getAllWindows().length) win = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void runner.close().then(() => store.close());
  });
  if (process.env.SYNTHLAB_SMOKE_TEST) {
    // Launch check for the tests: report that the window loaded, then quit.
    win.webContents.once('did-finish-load', () => {
      process.stdout.write(`SYNTHLAB_WINDOW_LOADED ${win?.webContents.getURL()}\n`);
      app.quit();
    });
  }
}

void main();

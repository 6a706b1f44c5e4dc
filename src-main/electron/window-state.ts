import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';

export interface WindowState {
  bounds: Partial<Rectangle> & { width: number; height: number };
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { width: 1360, height: 860 }, maximized: false };

/** The window's last size and position, kept in the userData folder. */
export function loadWindowState(userData: string): WindowState {
  try {
    const s = JSON.parse(fs.readFileSync(path.join(userData, 'window-state.json'), 'utf8')) as WindowState;
    if (s.bounds.width >= 400 && s.bounds.height >= 300) return s;
  } catch {
    // First launch or an unreadable file: start with the default.
  }
  return DEFAULT;
}

export function trackWindowState(win: BrowserWindow, userData: string): void {
  const save = () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    const file = path.join(userData, 'window-state.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
    fs.renameSync(`${file}.tmp`, file);
  };
  win.on('close', save);
}

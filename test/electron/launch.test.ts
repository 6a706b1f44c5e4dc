import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from '../helpers/tmp.js';

/** The Electron binary, when this machine has it (it is fetched on first launch, which needs internet). */
function electronBinary(): { file?: string; reason?: string } {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return { reason: 'the Electron binary has not been downloaded on this machine (node_modules/electron/path.txt is absent)' };
  const file = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8'));
  if (!fs.existsSync(file)) return { reason: `${file} is absent` };
  if (!fs.existsSync(path.join(ROOT, '.electron-native', 'better_sqlite3.node'))) return { reason: 'better-sqlite3 has not been built for Electron (run npm start once)' };
  return { file };
}

const binary = electronBinary();
if (binary.reason) console.warn(`Skipping the Electron launch test: ${binary.reason}`);

describe('Electron shell', () => {
  it.skipIf(!binary.file)('opens the window on the renderer and quits', () => {
    const r = spawnSync(binary.file!, [ROOT], {
      env: { ...process.env, SYNTHLAB_SMOKE_TEST: '1', ELECTRON_ENABLE_LOGGING: '1', XDG_CONFIG_HOME: tmpDir() },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toMatch(/SYNTHLAB_WINDOW_LOADED file:\/\/.*dist-renderer\/index\.html/);
  });
});

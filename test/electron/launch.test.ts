import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectron } from '../../src-main/doctor/electron-install.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

/** Whether `cmd` is on the PATH. */
function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/**
 * The Electron binary (found as `npm start` finds it, so never downloaded here), the display to run
 * it on — the machine's own, or a virtual one from xvfb-run — or why the test cannot run.
 */
function launcher(): { command?: string[]; reason?: string } {
  const electron = findElectron(ROOT);
  if (!electron.present)
    return { reason: `no Electron binary on this machine: ${electron.note} (npm start says how to get it)` };
  if (!fs.existsSync(path.join(ROOT, '.electron-native', 'better_sqlite3.node')))
    return { reason: 'better-sqlite3 has not been built for Electron (run npm start once)' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    if (!onPath('xvfb-run')) return { reason: 'no display, and xvfb-run is not installed (apt-get install xvfb)' };
    return { command: ['xvfb-run', '--auto-servernum', electron.binary!] };
  }
  return { command: [electron.binary!] };
}

const launch = launcher();
if (launch.reason) console.warn(`Skipping the Electron launch test: ${launch.reason}`);

describe('Electron shell', () => {
  it.skipIf(!launch.command)('opens the window on the renderer and quits', () => {
    const [cmd, ...pre] = launch.command!;
    const r = spawnSync(cmd!, [...pre, ROOT], {
      env: { ...process.env, SYNTHLAB_SMOKE_TEST: '1', ELECTRON_ENABLE_LOGGING: '1', XDG_CONFIG_HOME: tmpDir() },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toMatch(/SYNTHLAB_WINDOW_LOADED file:\/\/.*dist-renderer\/index\.html/);
  });
});

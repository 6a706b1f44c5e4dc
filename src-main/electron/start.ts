/**
 * `npm start`: opens the desktop app. better-sqlite3 in node_modules is built for Node (the
 * tests need that); Electron needs one built for its own ABI. It is built once, in a scratch
 * copy of the package, into .electron-native/, and the app loads it from there — so
 * node_modules, and `npm test`, stay as they were. Runs in plain Node, not in Electron.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { packageRoot } from '../util/resources.js';

const root = packageRoot();
const require = createRequire(import.meta.url);
const target = path.join(root, '.electron-native', 'better_sqlite3.node');

function electronVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
}

function run(cmd: string, args: string[], cwd: string): boolean {
  return spawnSync(cmd, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
}

export function buildSqliteForElectron(): void {
  const version = electronVersion();
  const stamp = `${target}.${version}`;
  if (fs.existsSync(target) && fs.existsSync(stamp)) return;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-sqlite-'));
  try {
    const pkg = path.dirname(require.resolve('better-sqlite3/package.json'));
    fs.cpSync(pkg, scratch, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
    console.log(`Building better-sqlite3 for Electron ${version}…`);
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const ok =
      run(npx, ['--yes', 'prebuild-install', '--runtime', 'electron', '--target', version], scratch) ||
      run(npx, ['--yes', 'node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${version}`, '--dist-url=https://electronjs.org/headers'], scratch);
    if (!ok) throw new Error('could not build better-sqlite3 for Electron (this needs internet access once)');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(scratch, 'build', 'Release', 'better_sqlite3.node'), target);
    fs.writeFileSync(stamp, '');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === fs.realpathSync(process.argv[1])) {
  buildSqliteForElectron();
  if (process.argv.includes('--build-only')) process.exit(0);
  // The electron package fetches its binary on first launch.
  const electron = require('electron') as unknown as string;
  const r = spawnSync(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}

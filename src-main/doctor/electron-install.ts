/**
 * What the desktop path needs and whether this machine has it, found without importing or
 * launching Electron: the `electron` package's own index.js downloads the binary when it is
 * missing, which hangs or fails with a stack trace offline. The lookups mirror that package's
 * (electron/index.js, electron/install.js) and @electron/get's cache layout (dist/Cache.js).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Node.js the desktop path needs: electron 45, @electron/get 5 and @electron/rebuild 4 (which
 * electron-builder 26 uses) all declare `node >= 22.12.0`. The engine, CLI and browser mode
 * need only package.json's engines.node.
 */
export const DESKTOP_NODE = '22.12.0';

/** Whether version `v` (e.g. "v20.19.1" or "22.12.0") is at least `min`. */
export function nodeAtLeast(v: string, min: string): boolean {
  const parse = (s: string) =>
    s
      .replace(/^v/, '')
      .split('.')
      .map((n) => Number.parseInt(n, 10) || 0);
  const a = parse(v);
  const b = parse(min);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** The executable's path inside the Electron distribution folder, as electron/install.js writes it to path.txt. */
export function electronPlatformPath(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export interface ElectronInstall {
  /** The installed `electron` package's version, or null where the package is absent. */
  version: string | null;
  /** The executable that would be launched (present or not), or null without the package. */
  binary: string | null;
  present: boolean;
  /** For people: where the binary is, or why it is missing. */
  note: string;
}

/** Finds the Electron executable the way the electron package does, without downloading anything. */
export function findElectron(root: string, env: NodeJS.ProcessEnv = process.env): ElectronInstall {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  let version: string;
  try {
    version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return {
      version: null,
      binary: null,
      present: false,
      note: `the electron package is not installed (${pkgDir} is absent): run npm ci`,
    };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const recorded = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, recorded ?? electronPlatformPath());
    const present = fs.existsSync(binary);
    return {
      version,
      binary,
      present,
      note: present
        ? `from ELECTRON_OVERRIDE_DIST_PATH`
        : `ELECTRON_OVERRIDE_DIST_PATH is set but ${binary} does not exist`,
    };
  }
  const binary = path.join(pkgDir, 'dist', recorded ?? electronPlatformPath());
  if (!recorded)
    return {
      version,
      binary,
      present: false,
      note: `the Electron ${version} binary has not been downloaded (${pathFile} is absent)`,
    };
  const present = fs.existsSync(binary);
  return {
    version,
    binary,
    present,
    note: present ? 'downloaded into node_modules/electron/dist' : `${binary} is absent`,
  };
}

export interface ElectronDownload {
  /** The zip electron/install.js fetches, honouring ELECTRON_MIRROR and ELECTRON_CUSTOM_DIR. */
  url: string;
  /** The zip's file name. */
  file: string;
  /** Where @electron/get looks for that zip before downloading: put a copy there to install offline. */
  cacheFile: string;
}

/** @electron/get's default cache root (env-paths('electron', { suffix: '' }).cache), or electron_config_cache. */
export function electronCacheRoot(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.electron_config_cache) return env.electron_config_cache;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron');
}

/** Where Electron `version` comes from, and where a pre-downloaded zip must go. */
export function electronDownload(version: string, env: NodeJS.ProcessEnv = process.env): ElectronDownload {
  const base =
    env.ELECTRON_MIRROR ?? env.npm_config_electron_mirror ?? 'https://github.com/electron/electron/releases/download/';
  const dir = (env.ELECTRON_CUSTOM_DIR ?? `v${version}`).replace('{{ version }}', version);
  const file = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const url = `${base}${dir}/${file}`;
  // @electron/get keys its cache by the SHA-256 of the download URL's folder.
  const parsed = new URL(url);
  parsed.hash = '';
  parsed.search = '';
  parsed.pathname = path.posix.dirname(parsed.pathname);
  const key = crypto.createHash('sha256').update(parsed.toString()).digest('hex');
  return { url, file, cacheFile: path.join(electronCacheRoot(env), key, file) };
}

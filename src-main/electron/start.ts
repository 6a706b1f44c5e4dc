/**
 * `npm start` and `npm run dist`: checks what the desktop path needs, gets what it can, and
 * otherwise ends with a message that says what is missing and how to get it — never a stack
 * trace, and never minutes of waiting on a network that is not there. Runs in plain Node.
 *
 * better-sqlite3 in node_modules is built for Node (the tests need that); Electron needs one built
 * for its own ABI. It is built once, in a scratch copy of the package, into .electron-native/, and
 * the app loads it from there — so node_modules, and `npm test`, stay as they were.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { DESKTOP_NODE, electronDownload, findElectron, nodeAtLeast } from '../doctor/electron-install.js';
import { packageRoot } from '../util/resources.js';

const root = packageRoot();
const require = createRequire(import.meta.url);
const target = path.join(root, '.electron-native', 'better_sqlite3.node');
/** How long the one reachability check of the download server may take. */
const PROBE_MS = 10_000;
const BROWSER_MODE = 'Meanwhile the same workbench runs in a browser on this machine: node bin/synthlab.js serve';

/** A step that cannot be done here: `what` is missing, `how` says how to get it. */
class Missing extends Error {
  constructor(
    readonly what: string,
    readonly how: string[],
  ) {
    super(what);
  }
}

/** Runs a command quietly; its output goes to a log file the message can point at. */
function run(cmd: string, args: string[], cwd: string, log: string): boolean {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', shell: process.platform === 'win32', timeout: 15 * 60_000 });
  fs.appendFileSync(
    log,
    `$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `${r.error.message}\n` : ''}\n`,
  );
  return r.status === 0;
}

/** Whether `url` answers at all within PROBE_MS (any HTTP status counts: the server is there). */
async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(PROBE_MS) });
    return true;
  } catch {
    return false;
  }
}

/** The Electron executable: present already, or downloaded now where the download server answers. */
async function ensureElectron(): Promise<string> {
  const found = findElectron(root);
  if (found.present) return found.binary!;
  if (!found.version) throw new Missing('the electron package', ['Run npm ci in the SynthLab folder.']);
  const dl = electronDownload(found.version);
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH)
    throw new Missing(`the Electron ${found.version} binary (${found.note})`, [
      `Point ELECTRON_OVERRIDE_DIST_PATH at a folder holding an unpacked ${dl.file}, or unset it.`,
    ]);
  if (fs.existsSync(dl.cacheFile) || (await reachable(dl.url))) {
    console.error(`Installing the Electron ${found.version} binary…`);
    const log = path.join(os.tmpdir(), 'synthlab-electron-install.log');
    fs.writeFileSync(log, '');
    if (
      run(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], root, log) &&
      findElectron(root).present
    )
      return findElectron(root).binary!;
    throw new Missing(
      `the Electron ${found.version} binary: installing it failed (details in ${log})`,
      offlineElectron(found.version),
    );
  }
  throw new Missing(
    `the Electron binary: ${found.note}, and ${dl.url} cannot be reached from here`,
    offlineElectron(found.version),
  );
}

function offlineElectron(version: string): string[] {
  const dl = electronDownload(version);
  return [
    `With internet access once: node node_modules/electron/install.js (or npm rebuild electron), then npm start.`,
    `Through a mirror: ELECTRON_MIRROR=https://your-mirror/electron/ npm start (it must serve v${version}/${dl.file}).`,
    `Offline: on a connected machine download ${dl.url}, copy it to ${dl.cacheFile}, then run node node_modules/electron/install.js here.`,
    `Or unpack that zip into a folder and start with ELECTRON_OVERRIDE_DIST_PATH=that-folder npm start.`,
  ];
}

function electronVersion(): string {
  const v = findElectron(root).version;
  if (!v) throw new Missing('the electron package', ['Run npm ci in the SynthLab folder.']);
  return v;
}

/** better-sqlite3 built for Electron's ABI in .electron-native/ (prebuilt binary, else compiled with node-gyp). */
export function buildSqliteForElectron(): void {
  const version = electronVersion();
  const stamp = `${target}.${version}`;
  if (fs.existsSync(target) && fs.existsSync(stamp)) return;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-sqlite-'));
  const log = path.join(os.tmpdir(), 'synthlab-sqlite-build.log');
  fs.writeFileSync(log, '');
  try {
    const pkg = path.dirname(require.resolve('better-sqlite3/package.json'));
    fs.cpSync(pkg, scratch, { recursive: true, filter: (src) => !src.includes(`${path.sep}build${path.sep}`) });
    console.error(`Building better-sqlite3 for Electron ${version}…`);
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const ok =
      run(npx, ['--no-install', 'prebuild-install', '--runtime', 'electron', '--target', version], scratch, log) ||
      run(
        npx,
        [
          '--no-install',
          'node-gyp',
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${version}`,
          '--dist-url=https://electronjs.org/headers',
        ],
        scratch,
        log,
      );
    if (!ok)
      throw new Missing(`better-sqlite3 built for Electron ${version} (details in ${log})`, [
        `With internet access once: npm start fetches a prebuilt binary from GitHub, or Electron's headers from electronjs.org to compile one.`,
        `Offline: on a connected machine download https://electronjs.org/headers/v${version}/node-v${version}-headers.tar.gz, then here: npm_config_tarball=/path/to/that.tar.gz npm start (needs a C++ compiler and Python, as node-gyp does).`,
      ]);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(scratch, 'build', 'Release', 'better_sqlite3.node'), target);
    fs.writeFileSync(stamp, '');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Every check of the desktop path, in order; collects what is missing rather than stopping at
 * the first, so one run says everything. Returns the Electron executable when nothing is.
 */
async function prepare(buildOnly: boolean): Promise<{ binary?: string; missing: Missing[] }> {
  const missing: Missing[] = [];
  if (!nodeAtLeast(process.version, DESKTOP_NODE))
    missing.push(
      new Missing(
        `Node.js ${DESKTOP_NODE} or later (this is ${process.version}): Electron 45 and its build tools (@electron/get, @electron/rebuild) require it`,
        [`Install Node.js 22 LTS (https://nodejs.org, or: nvm install 22), then npm ci and npm start again.`],
      ),
    );
  let binary: string | undefined;
  const attempt = async (step: () => unknown) => {
    try {
      await step();
    } catch (err) {
      if (err instanceof Missing) missing.push(err);
      else missing.push(new Missing((err as Error).message, ['Run npm ci, then try again.']));
    }
  };
  // `npm run dist` packages with electron-builder, which fetches its own Electron zip.
  if (!buildOnly) await attempt(async () => (binary = await ensureElectron()));
  if (!missing.length) await attempt(buildSqliteForElectron);
  return { ...(binary ? { binary } : {}), missing };
}

/** The message for people: what is missing and how to get each. */
export function missingMessage(
  missing: { what: string; how: string[] }[],
  command: 'npm start' | 'npm run dist',
): string {
  const goal = command === 'npm start' ? 'open the SynthLab desktop app' : 'package the SynthLab desktop app';
  const lines = [`${command} cannot ${goal}: this machine lacks`];
  missing.forEach((m, i) => {
    lines.push(`  ${i + 1}. ${m.what}`);
    for (const h of m.how) lines.push(`     - ${h}`);
  });
  lines.push(BROWSER_MODE);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.filename === fs.realpathSync(process.argv[1])) {
  const buildOnly = process.argv.includes('--build-only');
  const { binary, missing } = await prepare(buildOnly);
  if (missing.length) {
    console.error(missingMessage(missing, buildOnly ? 'npm run dist' : 'npm start'));
    process.exit(1);
  }
  if (!buildOnly) {
    const r = spawnSync(binary!, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exitCode = r.status ?? 1;
  }
}

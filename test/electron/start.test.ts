import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP_NODE, electronDownload, findElectron, nodeAtLeast } from '../../src-main/doctor/electron-install.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

const START = path.join(ROOT, 'dist', 'src-main', 'electron', 'start.js');
const electron = findElectron(ROOT);

/** A loopback port with nothing listening: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(args: string[], env: Record<string, string>) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [START, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (performance.now() - t0) / 1000 };
}

function expectNoStackTrace(text: string) {
  expect(text).not.toMatch(/^\s+at .+[:(]\d+/m);
  expect(text).not.toMatch(/\b(TypeError|ReferenceError|Error):/);
}

describe('npm start / npm run dist without what the desktop path needs', () => {
  it('names the missing Electron binary, the offline routes and browser mode, quickly and without a stack trace', async () => {
    // Where this machine has no binary, start.js looks for one the way a user's run would; elsewhere a
    // folder without one stands in (ELECTRON_OVERRIDE_DIST_PATH), so the test runs on every machine.
    const env: Record<string, string> = electron.present
      ? { ELECTRON_OVERRIDE_DIST_PATH: tmpDir() }
      : { ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`, electron_config_cache: tmpDir() };
    const r = start([], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^npm start cannot open the SynthLab desktop app: this machine lacks$/m);
    expect(r.stderr).toMatch(/the Electron binary|the Electron 45\.\d+\.\d+ binary/);
    if (electron.present) {
      expect(r.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    } else {
      const dl = electronDownload(electron.version!, env);
      expect(r.stderr).toContain(`${dl.url} cannot be reached from here`);
      expect(r.stderr).toContain(`copy it to ${dl.cacheFile}`);
      expect(r.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH=that-folder npm start');
    }
    expect(r.stderr.includes(`Node.js ${DESKTOP_NODE} or later (this is ${process.version})`)).toBe(
      !nodeAtLeast(process.version, DESKTOP_NODE),
    );
    expect(r.stderr).toContain('node bin/synthlab.js serve');
    expectNoStackTrace(r.stderr);
    // One refused connection, not minutes of retries.
    expect(r.seconds).toBeLessThan(15);
  });

  if (nodeAtLeast(process.version, DESKTOP_NODE))
    console.warn(`skipping the old-Node message test: this Node (${process.version}) is new enough for the desktop path (${DESKTOP_NODE}), so there is no message to check`);
  it.skipIf(nodeAtLeast(process.version, DESKTOP_NODE))(
    `npm run dist on Node < ${DESKTOP_NODE} says which Node to install`,
    () => {
      const r = start(['--build-only'], {});
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^npm run dist cannot package the SynthLab desktop app: this machine lacks$/m);
      expect(r.stderr).toContain(`Install Node.js 22 LTS`);
      expectNoStackTrace(r.stderr);
      expect(fs.existsSync(path.join(ROOT, '.electron-native', 'better_sqlite3.node'))).toBe(false);
    },
  );
});

describe('the Electron lookup', () => {
  it('reads electron/path.txt the way the electron package does, and keys the download cache as @electron/get does', () => {
    const fake = tmpDir();
    fs.mkdirSync(path.join(fake, 'node_modules', 'electron', 'dist'), { recursive: true });
    fs.writeFileSync(
      path.join(fake, 'node_modules', 'electron', 'package.json'),
      JSON.stringify({ version: '45.5.0' }),
    );
    expect(findElectron(fake, {})).toMatchObject({ version: '45.5.0', present: false });
    expect(findElectron(fake, {}).note).toMatch(/path\.txt is absent/);
    fs.writeFileSync(path.join(fake, 'node_modules', 'electron', 'path.txt'), 'electron');
    fs.writeFileSync(path.join(fake, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(findElectron(fake, {})).toMatchObject({
      present: true,
      binary: path.join(fake, 'node_modules', 'electron', 'dist', 'electron'),
    });
    expect(findElectron(tmpDir(), {})).toMatchObject({ version: null, present: false });

    const dl = electronDownload('45.5.0', { electron_config_cache: '/cache' });
    expect(dl.url).toBe(
      `https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-${process.platform}-${process.arch}.zip`,
    );
    // sha256("https://github.com/electron/electron/releases/download/v45.5.0"), as @electron/get's Cache computes it.
    expect(dl.cacheFile).toBe(
      path.join('/cache', '3b240e2bf8f7a3bdbf4436b08f324ce6cefbc1d217c9b8ec4db54ca8fa1ca8de', dl.file),
    );
    expect(electronDownload('45.5.0', { ELECTRON_MIRROR: 'https://mirror.example/e/' }).url).toMatch(
      /^https:\/\/mirror\.example\/e\/v45\.5\.0\//,
    );
  });

  it('compares Node versions', () => {
    expect(nodeAtLeast('v20.20.2', '22.12.0')).toBe(false);
    expect(nodeAtLeast('v22.12.0', '22.12.0')).toBe(true);
    expect(nodeAtLeast('v24.1.0', '22.12.0')).toBe(true);
    expect(nodeAtLeast('v22.9.9', '22.12.0')).toBe(false);
  });
});

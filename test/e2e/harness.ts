/**
 * What the browser tests need: the built workbench served by `synthlab serve` on a fresh
 * database, and Debian's Chromium driven by playwright-core, kept off the network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from '../helpers/tmp.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserTestsUnavailable(): string | undefined {
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`;
  if (!fs.existsSync(path.join(ROOT, 'dist-renderer', 'index.html')))
    return 'dist-renderer/index.html is missing: run npm run build';
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src-main', 'cli', 'main.js')))
    return 'dist/ is missing: run npm run build';
  return undefined;
}

export interface Workbench {
  url: string;
  token: string;
  /** Calls the API as the page does; for measuring, not for driving the test. */
  call(procedure: string, input?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts `synthlab serve` on a new database in `dir`, with its models folder inside `dir` too. */
export async function startWorkbench(dir: string): Promise<Workbench> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'synthlab.js'), '--db', path.join(dir, 'synthlab.db'), 'serve'],
    {
      cwd: ROOT,
      // userData (where tiny models are made) follows XDG_CONFIG_HOME on Linux.
      env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`synthlab serve printed no URL in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /SynthLab is running at (\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`synthlab serve exited with ${code}:\n${output}`)));
  });
  const token = new URL(url).searchParams.get('token')!;
  const origin = new URL(url).origin;
  return {
    url,
    token,
    async call(procedure, input = {}) {
      const res = await fetch(`${origin}/api/call/${procedure}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const reply = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
      if (!reply.ok) throw new Error(reply.error);
      return reply.result;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-e2e-'));
}

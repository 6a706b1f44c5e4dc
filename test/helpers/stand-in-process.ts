import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './tmp.js';

/**
 * The rule-based stand-in rephraser's OpenAI-compatible server (not an LLM) in a child process, for tests
 * that drive the CLI with spawnSync, which blocks this process's own event loop. Uses the built engine
 * (dist/), like the CLI.
 */
export async function startStandInProcess(): Promise<{ url: string; stop(): void }> {
  const module = path.join(ROOT, 'dist', 'src-main', 'test-models', 'stand-in-server.js');
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(module)}); const s = await m.startStandInServer(); console.log(s.url);`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the stand-in server exited with code ${code}`)));
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8').trim()));
  });
  return { url, stop: () => child.kill() };
}

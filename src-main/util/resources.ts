import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The project (or packaged app) root: the nearest folder above this module with SynthLab's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'synthlab') {
      return (root = dir);
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the SynthLab package root');
    dir = up;
  }
}

export function resourcePath(...parts: string[]): string {
  return path.join(packageRoot(), 'resources', ...parts);
}

/**
 * The compiled JavaScript of an engine module, for worker threads: beside this module when
 * running from dist/, else (running TypeScript sources, as the tests do) in dist/.
 */
export function compiledModule(fromSrcMain: string): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return new URL(`../${fromSrcMain}`, import.meta.url);
  const built = path.join(packageRoot(), 'dist', 'src-main', fromSrcMain);
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  return new URL(`file://${built}`);
}

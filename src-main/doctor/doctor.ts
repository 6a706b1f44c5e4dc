/**
 * `synthlab doctor`: what this machine will use, each line measured here and now — Node and
 * SynthLab versions, the workspace, node-llama-cpp's GPU backend with its memory, how many layers
 * of each registered GGUF model would go to the GPU, the thread and sequence defaults with their
 * reasons, onnxruntime's execution providers, Electron, and free disk where models live.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { DoctorReport } from '../contract/machine-schemas.js';
export { doctorRows } from '../contract/machine-schemas.js';
import { llamaModule } from '../llm/llama-module.js';
import { llamaRuntime, type GpuPreference } from '../llm/llama-runtime.js';
import { resolveRunDefaults, probeMachine } from '../llm/thread-policy.js';
import { cudaProviderInstalled, cudaProviderPath, onnxRuntimeRoot } from '../similarity/onnx-provider.js';
import type { ModelRow } from '../store/models-repo.js';
import { packageRoot } from '../util/resources.js';
import { DESKTOP_NODE, findElectron, nodeAtLeast } from './electron-install.js';

export interface DoctorInput {
  /** The workspace database file. */
  workspace: string;
  /** Where downloaded models are kept (it need not exist yet: disk space is read on its nearest existing folder). */
  modelsDir: string;
  /** Registered models; GGUF ones get a GPU layer estimate. */
  models?: ModelRow[];
  gpu?: GpuPreference;
  env?: NodeJS.ProcessEnv;
}

function packageJson(): { version: string; engines?: { node?: string } } {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
    engines?: { node?: string };
  };
}

/** The nearest folder at or above `p` that exists (statfs needs one). */
export function existingAncestor(p: string): string {
  let dir = path.resolve(p);
  while (!fs.existsSync(dir)) {
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dir;
}

/** Free and total bytes of the file system holding `p` (fs.statfs: blocks × block size; free = available to this user). */
export async function diskSpace(p: string): Promise<{ path: string; freeBytes: number; totalBytes: number }> {
  const dir = existingAncestor(p);
  const s = await fs.promises.statfs(dir);
  return { path: dir, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}

/** onnxruntime-node's version and providers: its own listSupportedBackends(), CUDA only where its library file exists. */
function onnxReport(): DoctorReport['onnxruntime'] {
  const root = onnxRuntimeRoot();
  if (!root) return { version: null, providers: [], cudaProviderFile: null, cudaProviderInstalled: false };
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  let providers: string[] = [];
  try {
    const ort = createRequire(path.join(root, 'package.json'))(root) as {
      listSupportedBackends?: () => { name: string; bundled: boolean }[];
    };
    providers = (ort.listSupportedBackends?.() ?? []).filter((b) => b.bundled).map((b) => b.name);
  } catch {
    // The binding did not load: no provider is available; the version still says what is installed.
  }
  const cuda = cudaProviderInstalled();
  if (cuda && !providers.includes('cuda')) providers.push('cuda');
  return { version, providers, cudaProviderFile: cudaProviderPath(), cudaProviderInstalled: cuda };
}

/** node-llama-cpp's own estimate of how many layers of each GGUF model would be offloaded (reads the file's header only). */
async function layerEstimates(models: ModelRow[], gpu: GpuPreference): Promise<DoctorReport['models']> {
  const { readGgufFileInfo, GgufInsights } = await llamaModule();
  const llama = await llamaRuntime(gpu);
  const out: DoctorReport['models'] = [];
  for (const m of models) {
    if (m.backend !== 'gguf' || !m.gguf_path) {
      out.push({ name: m.name, layers: null, gpuLayers: null, note: 'served over HTTP: the server decides' });
      continue;
    }
    try {
      const insights = await GgufInsights.from(await readGgufFileInfo(m.gguf_path), llama);
      const gpuLayers =
        llama.gpu === false ? 0 : (await insights.configurationResolver.resolveModelGpuLayersV2('auto')).gpuLayers;
      out.push({
        name: m.name,
        layers: insights.totalLayers,
        gpuLayers,
        ...(llama.gpu === false ? { note: 'no GPU backend: all layers on the CPU' } : {}),
      });
    } catch (err) {
      out.push({
        name: m.name,
        layers: null,
        gpuLayers: null,
        note: `cannot read ${m.gguf_path}: ${(err as Error).message}`,
      });
    }
  }
  return out;
}

/** Measures everything the report holds. */
export async function doctorReport(input: DoctorInput): Promise<DoctorReport> {
  const gpu = input.gpu ?? 'auto';
  const pkg = packageJson();
  const required = pkg.engines?.node ?? '';
  const llama = await llamaRuntime(gpu);
  const vram = llama.gpu === false ? null : await llama.getVramState();
  const electron = findElectron(packageRoot(), input.env ?? process.env);
  return {
    node: { version: process.version, required, ok: nodeAtLeast(process.version, required.replace(/^>=\s*/, '')) },
    synthlab: { version: pkg.version },
    platform: {
      os: `${os.type()} ${os.release()}`,
      arch: process.arch,
      totalMemoryBytes: os.totalmem(),
      freeMemoryBytes: os.freemem(),
    },
    workspace: { path: path.resolve(input.workspace) },
    gpu: {
      backend: llama.gpu === false ? 'cpu' : llama.gpu,
      devices: llama.gpu === false ? [] : await llama.getGpuDeviceNames(),
      vram: vram ? { totalBytes: vram.total, usedBytes: vram.used, freeBytes: vram.free } : null,
    },
    models: await layerEstimates(input.models ?? [], gpu),
    defaults: resolveRunDefaults(await probeMachine(gpu)),
    onnxruntime: onnxReport(),
    electron: {
      version: electron.version,
      binary: electron.binary,
      present: electron.present,
      note: nodeAtLeast(process.version, DESKTOP_NODE)
        ? electron.note
        : `${electron.note}; the desktop app also needs Node.js ≥ ${DESKTOP_NODE} (this is ${process.version})`,
    },
    disk: await diskSpace(input.modelsDir),
  };
}

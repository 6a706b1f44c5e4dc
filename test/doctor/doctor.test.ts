import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src-main/api/http-server.js';
import { DoctorReportSchema, RunDefaultsSchema } from '../../src-main/contract/machine-schemas.js';
import { doctorReport, existingAncestor } from '../../src-main/doctor/doctor.js';
import { findElectron } from '../../src-main/doctor/electron-install.js';
import { registerGguf } from '../../src-main/llm/model-registry.js';
import { physicalCoresSync, probeMachine } from '../../src-main/llm/thread-policy.js';
import { Store } from '../../src-main/store/store.js';
import { synthlab } from '../helpers/cli.js';
import { tinyModels } from '../helpers/models.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

let server: RunningServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await server?.close();
  store?.close();
  server = store = undefined;
});

/** Free space may move between two reads while others write to the disk: allow 1 %. */
function expectDiskMatches(reported: { path: string; freeBytes: number; totalBytes: number }, dir: string) {
  const s = fs.statfsSync(dir);
  expect(reported.path).toBe(dir);
  expect(reported.totalBytes).toBe(s.blocks * s.bsize);
  expect(Math.abs(reported.freeBytes - s.bavail * s.bsize)).toBeLessThanOrEqual(0.01 * reported.totalBytes);
}

describe('synthlab doctor', () => {
  it('reports this machine as os, fs and node-llama-cpp see it (with --cpu: the CPU backend)', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'doctor.db');
    store = Store.open(db);
    const tiny = await tinyModels();
    await registerGguf(store, { name: 'tiny-l3', family: 'llama3-instruct', file: tiny['llama3-instruct'] });
    const modelsDir = path.join(dir, 'not', 'yet', 'models');
    const r = DoctorReportSchema.parse(
      await doctorReport({ workspace: db, modelsDir, models: store.models.list(), gpu: false }),
    );

    expect(r.node).toEqual({ version: process.version, required: '>=20.19', ok: true });
    expect(r.synthlab.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(r.workspace.path).toBe(db);
    expect(r.platform.totalMemoryBytes).toBe(os.totalmem());
    expect(r.platform.arch).toBe(process.arch);
    expect(r.gpu).toEqual({ backend: 'cpu', devices: [], vram: null });

    const blocks = (await readGgufFileInfo(tiny['llama3-instruct'])).architectureMetadata.block_count;
    // node-llama-cpp counts the output layer as one more.
    expect(r.models).toEqual([
      { name: 'tiny-l3', layers: blocks! + 1, gpuLayers: 0, note: 'no GPU backend: all layers on the CPU' },
    ]);

    const machine = await probeMachine(false);
    expect(r.defaults.machine).toEqual({
      physicalCores: machine.physicalCores,
      logicalCores: os.availableParallelism(),
      gpu: null,
    });
    expect(r.defaults.threads.value).toBe(Math.max(1, Math.min(machine.physicalCores, os.availableParallelism()) - 1));
    expect(r.defaults.onnxThreads.value).toBe(
      Math.max(1, Math.min(machine.physicalCores, os.availableParallelism()) - 1),
    );
    expect(physicalCoresSync()).toBeGreaterThanOrEqual(r.defaults.machine.physicalCores);

    expect(r.onnxruntime.providers).toContain('cpu');
    expect(r.onnxruntime.cudaProviderInstalled).toBe(
      r.onnxruntime.cudaProviderFile !== null && fs.existsSync(r.onnxruntime.cudaProviderFile),
    );

    const electron = findElectron(ROOT);
    expect(r.electron.present).toBe(electron.present);
    expect(r.electron.binary).toBe(electron.binary);
    if (!electron.present) expect(r.electron.note).toMatch(/has not been downloaded|is absent/);

    // The models folder does not exist yet: its nearest existing parent is measured.
    expect(existingAncestor(modelsDir)).toBe(dir);
    expectDiskMatches(r.disk, dir);
  });

  it('measures disk where this workspace keeps its models by default (models/ beside --db, as add-tiny writes)', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.db');
    fs.mkdirSync(path.join(dir, 'models'));
    const json = synthlab(['--db', db, 'doctor', '--cpu', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expectDiskMatches(DoctorReportSchema.parse(JSON.parse(json.stdout)).disk, path.join(dir, 'models'));
  });

  it('prints a table, and with --json exactly the report', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'cli.db');
    const json = synthlab(['--db', db, 'doctor', '--cpu', '--json', '--models-dir', dir]);
    expect(json.code, json.stderr).toBe(0);
    const r = DoctorReportSchema.parse(JSON.parse(json.stdout));
    expect(r.node.version).toBe(process.version);
    expect(r.workspace.path).toBe(db);
    expectDiskMatches(r.disk, dir);

    const human = synthlab(['--db', db, 'doctor', '--cpu', '--models-dir', dir]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^threads per model +${r.defaults.threads.value} \\(auto: `, 'm'));
    expect(human.stdout).toMatch(/^GPU backend +none \(node-llama-cpp runs on the CPU\)/m);
    expect(human.stdout).toMatch(r.electron.present ? /^Electron +45\./m : /^Electron +missing: /m);
    expect(human.stdout).toMatch(new RegExp(`^workspace +${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm'));
  });

  it('answers machine.doctor and machine.defaults over the API', async () => {
    const dir = tmpDir();
    store = Store.open(path.join(dir, 'api.db'));
    server = await startHttpServer({
      store,
      uploadsDir: path.join(dir, 'uploads'),
      modelsDir: path.join(dir, 'models'),
    });
    const call = async (name: string) => {
      const res = await fetch(`http://127.0.0.1:${server!.port}/api/call/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server!.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      return (await res.json()) as { ok: boolean; result: unknown };
    };
    const defaults = await call('machine.defaults');
    expect(defaults.ok).toBe(true);
    expect(RunDefaultsSchema.parse(defaults.result).machine.logicalCores).toBe(os.availableParallelism());
    const doctor = await call('machine.doctor');
    expect(doctor.ok).toBe(true);
    const r = DoctorReportSchema.parse(doctor.result);
    expect(r.workspace.path).toBe(path.join(dir, 'api.db'));
    expectDiskMatches(r.disk, dir);
  });
});

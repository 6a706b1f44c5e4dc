import path from 'node:path';
import { Command } from 'commander';
import { doctorReport, doctorRows } from '../../doctor/doctor.js';
import { resolveDbPath } from '../../store/paths.js';
import { makeOutput, table, withStore, type GlobalOptions } from '../context.js';

export function registerDoctorCommands(program: Command): void {
  program
    .command('doctor')
    .description(
      'what this machine will use: Node, GPU backend and memory, threads and sequences, onnxruntime providers, Electron, disk',
    )
    .option('--models-dir <folder>', 'where models are kept, for disk space (default: models/ beside the workspace database, where add-tiny writes)')
    .option('--cpu', 'report as with --no-gpu jobs (node-llama-cpp on the CPU)')
    .option('--json', 'print as JSON')
    .action(async (opts: { modelsDir?: string; cpu?: boolean; json?: boolean }, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const workspace = resolveDbPath(cmd.optsWithGlobals<GlobalOptions>().db);
      const report = await withStore(cmd, (store) =>
        doctorReport({
          workspace,
          modelsDir: opts.modelsDir ?? path.join(path.dirname(workspace), 'models'),
          models: store.models.list(),
          gpu: opts.cpu ? false : 'auto',
        }),
      );
      out.result(report, () => table(doctorRows(report), ['what', 'this machine']));
    });
}

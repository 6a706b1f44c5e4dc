import path from 'node:path';
import { Command, Option } from 'commander';
import { MODEL_FAMILIES } from '../../contract/schemas.js';
import { hardwareReport } from '../../llm/llama-runtime.js';
import { downloadModel } from '../../llm/model-download.js';
import { modelView, registerEndpoint, registerGguf, removeModel } from '../../llm/model-registry.js';
import { ensureTinyModels, TINY_MODEL_FAMILY_IDS } from '../../test-models/tiny-gguf-models.js';
import type { ModelRow } from '../../store/models-repo.js';
import { resolveDbPath, userDataDir } from '../../store/paths.js';
import { makeOutput, table, UsageError, withStore, type GlobalOptions } from '../context.js';

const familyOption = () => new Option('--family <family>', 'chat family').choices([...MODEL_FAMILIES]).makeOptionMandatory();

export function registerModelCommands(program: Command): void {
  const models = program.command('models').description('register, list and remove LLMs');

  models
    .command('add')
    .description('register a local GGUF file or an OpenAI-compatible endpoint')
    .requiredOption('--name <name>', 'name to refer to the model by')
    .addOption(familyOption())
    .option('--gguf <path>', 'a local .gguf file')
    .option('--endpoint <url>', 'base URL of an OpenAI-compatible server, e.g. http://gpu-box:8000/v1')
    .option('--model <id>', 'model id on the endpoint')
    .option('--no-check', 'do not contact the endpoint while registering')
    .option('--json', 'print as JSON')
    .action(async (opts, cmd: Command) => {
      if (Boolean(opts.gguf) === Boolean(opts.endpoint)) throw new UsageError('give either --gguf PATH or --endpoint URL --model ID');
      if (opts.endpoint && !opts.model) throw new UsageError('--endpoint needs --model ID');
      const out = makeOutput(Boolean(opts.json));
      const row = await withStore(cmd, (store) =>
        opts.gguf
          ? registerGguf(store, { name: opts.name, family: opts.family, file: opts.gguf })
          : registerEndpoint(store, { name: opts.name, family: opts.family, url: opts.endpoint, model: opts.model, check: opts.check }),
      );
      out.result(modelView(row), () => `Registered ${row.name} (${row.family}, ${row.backend}${row.file_sha256 ? `, sha256 ${row.file_sha256.slice(0, 12)}…` : ''})`);
    });

  models
    .command('download')
    .description('download a GGUF from a URL or hf:owner/repo/file.gguf, with resume and SHA-256 check, and register it')
    .argument('<source>', 'https URL or hf:owner/repo[@revision]/path.gguf')
    .requiredOption('--name <name>', 'name to register it under')
    .addOption(familyOption())
    .option('--sha256 <hex>', 'expected SHA-256 of the file')
    .option('--dir <folder>', 'where to keep the file', path.join(userDataDir(), 'models'))
    .option('--json', 'print as JSON')
    .action(async (source: string, opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const row = await withStore(cmd, async (store) => {
        if (store.models.get(opts.name)) throw new UsageError(`a model named "${opts.name}" is already registered`);
        const got = await downloadModel(source, opts.dir, {
          ...(opts.sha256 ? { expectedSha256: opts.sha256 } : {}),
          onProgress: (p) =>
            out.progress(
              `downloading ${(p.receivedBytes / 1e6).toFixed(1)}${p.totalBytes ? `/${(p.totalBytes / 1e6).toFixed(1)}` : ''} MB at ${(p.bytesPerSecond / 1e6).toFixed(1)} MB/s`,
            ),
        });
        out.done();
        return registerGguf(store, { name: opts.name, family: opts.family, file: got.file });
      });
      out.result(modelView(row), () => `Downloaded and registered ${row.name}: ${row.gguf_path}`);
    });

  models
    .command('add-tiny')
    .description('build three tiny random-weight test models (they produce gibberish) and register them as tiny-<family>')
    .option('--dir <folder>', 'where to write the .gguf files (default: models/tiny beside the database)')
    .option('--json', 'print as JSON')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      // Beside the database of --db, so another workspace does not write into the config folder.
      const dir = opts.dir ?? path.join(path.dirname(resolveDbPath(cmd.optsWithGlobals<GlobalOptions>().db)), 'models', 'tiny');
      const files = await ensureTinyModels(dir);
      const rows = await withStore(cmd, async (store) => {
        const added: ModelRow[] = [];
        for (const family of TINY_MODEL_FAMILY_IDS) {
          const name = `tiny-${family}`;
          added.push(store.models.get(name) ?? (await registerGguf(store, { name, family, file: files[family] })));
        }
        return added;
      });
      out.result(rows.map(modelView), () => `Registered ${rows.map((r) => r.name).join(', ')} (random weights: for trying the workflow, not for real data)`);
    });

  models
    .command('list')
    .description('list registered models and the hardware the embedded backend uses')
    .option('--json', 'print as JSON')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const list = await withStore(cmd, (store) => store.models.list().map(modelView));
      const hardware = await hardwareReport();
      out.result({ models: list, hardware }, () => {
        const hw = `Embedded backend: ${hardware.backend.toUpperCase()}${hardware.gpuDevices.length ? ` (${hardware.gpuDevices.join(', ')})` : ''}, ${hardware.physicalCores} physical cores`;
        if (!list.length) return `No models registered. Add one: synthlab models add --name NAME --family llama3-instruct --gguf FILE\n${hw}`;
        return (
          table(
            list.map((m) => [m.name, m.family, m.backend, m.backend === 'gguf' ? String((m.metadata.quantisation as string) ?? '') : (m.endpointModel ?? ''), m.file ?? m.endpoint ?? '']),
            ['name', 'family', 'backend', 'quant/model', 'file or endpoint'],
          ) + `\n${hw}`
        );
      });
    });

  models
    .command('remove')
    .description('remove a model that has no variants')
    .argument('<name>')
    .action(async (name: string, _opts, cmd: Command) => {
      await withStore(cmd, (store) => removeModel(store, name));
      process.stdout.write(`Removed ${name}\n`);
    });
}

import path from 'node:path';
import fs from 'node:fs';
import { Command } from 'commander';
import { startHttpServer } from '../../api/http-server.js';
import { resolveDbPath } from '../../store/paths.js';
import { Store } from '../../store/store.js';
import { packageRoot } from '../../util/resources.js';
import { UsageError, type GlobalOptions } from '../context.js';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the workbench to a browser (127.0.0.1 only unless --host is given), with an access token')
    .option('--port <n>', 'port (default: a free one)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port: "${v}" is not a port number`);
      return n;
    })
    .option('--host <address>', 'listen on this address instead of 127.0.0.1 (the token still guards the API)')
    .option('--token <token>', 'use this access token instead of a random one')
    .action(async (opts, cmd: Command) => {
      const db = resolveDbPath(cmd.optsWithGlobals<GlobalOptions>().db);
      const store = Store.open(db);
      const staticDir = path.join(packageRoot(), 'dist-renderer');
      const server = await startHttpServer({
        store,
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.token ? { token: opts.token } : {}),
        ...(fs.existsSync(path.join(staticDir, 'index.html')) ? { staticDir } : {}),
        uploadsDir: path.join(path.dirname(db), 'uploads'),
        // Beside the database: "Add tiny test models" writes into this workspace, not the config folder.
        modelsDir: path.join(path.dirname(db), 'models'),
      });
      process.stdout.write(`SynthLab is running at ${server.url}\nDatabase: ${db}\nPress Ctrl-C to stop.\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stdout.write('Stopping: pausing running jobs…\n');
      await server.close();
      store.close();
    });
}

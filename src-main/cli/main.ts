import { Command, CommanderError } from 'commander';
import { ImportError } from '../datasets/errors.js';
import { StoreError } from '../store/database.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerClassifyCommands } from './commands/classify.js';
import { registerDataCommands } from './commands/data.js';
import { registerDoctorCommands } from './commands/doctor.js';
import { registerGenerateCommands } from './commands/generate.js';
import { registerModelCommands } from './commands/models.js';
import { registerPredictCommands } from './commands/predict.js';
import { registerPromptCommands } from './commands/prompt.js';
import { registerReportCommands } from './commands/report.js';
import { registerServeCommands } from './commands/serve.js';
import { registerSweepCommands } from './commands/sweep.js';
import { UsageError } from './context.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command('synthlab')
    .description('SynthLab: privacy-preserving synthetic social-media text, from the command line')
    .version('0.1.0')
    .option('--db <path>', 'workspace database (default: $SYNTHLAB_DB, else the desktop app\'s database)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDataCommands(program);
  registerModelCommands(program);
  registerGenerateCommands(program);
  registerPromptCommands(program);
  registerClassifyCommands(program);
  registerPredictCommands(program);
  registerAuditCommands(program);
  registerSweepCommands(program);
  registerServeCommands(program);
  registerReportCommands(program);
  registerDoctorCommands(program);
  const override = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  program.commands.forEach(override);
  return program;
}

/** Runs the CLI and returns its exit code; messages go to stderr, results to stdout. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" for commander but successes for the user.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return EXIT_OK;
      }
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`synthlab: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const known = err instanceof ImportError || err instanceof StoreError || (err as Error)?.name?.endsWith('Error');
    process.stderr.write(`synthlab: ${known ? (err as Error).message : String(err)}\n`);
    if (process.env.SYNTHLAB_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return EXIT_FAILURE;
  }
}

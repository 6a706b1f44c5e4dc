import fs from 'node:fs';
import { Command } from 'commander';
import { currentRephraseTemplate, REPHRASE_TEMPLATE, saveRephraseTemplate } from '../../generate/prompt.js';
import { makeOutput, UsageError, withStore } from '../context.js';

export function registerPromptCommands(program: Command): void {
  const prompt = program.command('prompt').description('show and edit the versioned rephrase instruction');
  prompt
    .command('show', { isDefault: true })
    .description('print the current rephrase template ({{post}} marks where the post goes)')
    .option('--json', 'print as JSON, with every version')
    .action(async (opts, cmd: Command) => {
      const out = makeOutput(Boolean(opts.json));
      const r = await withStore(cmd, (store) => ({ current: currentRephraseTemplate(store), versions: store.prompts.versions(REPHRASE_TEMPLATE) }));
      out.result(r, () => `# version ${r.current.version} (of ${r.versions.length})\n${r.current.body}`);
    });
  prompt
    .command('set')
    .description('save the text of FILE as the next version of the rephrase template')
    .argument('<file>', 'a text file containing {{post}}')
    .option('--json', 'print as JSON')
    .action(async (file: string, opts, cmd: Command) => {
      let body: string;
      try {
        body = fs.readFileSync(file, 'utf8').trimEnd();
      } catch (err) {
        throw new UsageError(`${file}: ${(err as Error).message}`);
      }
      const out = makeOutput(Boolean(opts.json));
      const t = await withStore(cmd, (store) => saveRephraseTemplate(store, body));
      out.result(t, () => `Saved rephrase template version ${t.version}; new variants will record it.`);
    });
}

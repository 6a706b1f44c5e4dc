#!/usr/bin/env node
// Entry point for the `synthlab` command: the engine is compiled to dist/ by `npm run build`.
import { runCli } from '../dist/src-main/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));

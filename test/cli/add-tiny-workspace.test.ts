import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthlab } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp.js';

describe('models add-tiny', () => {
  it('writes the tiny models beside the --db workspace, not into the config folder', () => {
    const dir = tmpDir();
    const config = path.join(dir, 'config');
    const db = path.join(dir, 'workspace', 'synthlab.db');
    fs.mkdirSync(path.dirname(db), { recursive: true });
    const r = synthlab(['--db', db, 'models', 'add-tiny', '--json'], { XDG_CONFIG_HOME: config });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const tiny = path.join(dir, 'workspace', 'models', 'tiny');
    expect(
      fs
        .readdirSync(tiny)
        .filter((f) => f.endsWith('.gguf'))
        .sort(),
    ).toEqual(['tiny-llama2-chat.gguf', 'tiny-llama3-instruct.gguf', 'tiny-zephyr.gguf']);
    expect(fs.existsSync(config)).toBe(false);
  }, 120_000);
});

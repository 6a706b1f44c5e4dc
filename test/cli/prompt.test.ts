import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthlab } from '../helpers/cli.js';
import { tmpDir } from '../helpers/tmp.js';

describe('synthlab prompt', () => {
  it('shows the default template and saves edits as new versions', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'p.db');
    const shown = JSON.parse(synthlab(['--db', db, 'prompt', '--json']).stdout);
    expect(shown.current).toMatchObject({ name: 'rephrase', version: 1 });
    expect(shown.current.body).toContain('{{post}}');
    expect(shown.current.body).toMatch(/change every specific value/);
    fs.writeFileSync(path.join(dir, 't.txt'), 'Say it anew, with invented names:\n{{post}}\n');
    expect(JSON.parse(synthlab(['--db', db, 'prompt', 'set', path.join(dir, 't.txt'), '--json']).stdout)).toMatchObject({ version: 2 });
    fs.writeFileSync(path.join(dir, 'bad.txt'), 'no placeholder');
    const bad = synthlab(['--db', db, 'prompt', 'set', path.join(dir, 'bad.txt')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('synthlab: the template must contain {{post}} where the post goes\n');
    expect(JSON.parse(synthlab(['--db', db, 'prompt', '--json']).stdout).versions).toHaveLength(2);
  });
});

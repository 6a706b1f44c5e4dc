import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../src-main/api/handlers.js';
import { createIpcCallHandler, isAppPage } from '../../src-main/api/ipc-guard.js';
import { JobRunner } from '../../src-main/api/job-runner.js';
import { Store } from '../../src-main/store/store.js';
import { tmpDir } from '../helpers/tmp.js';

const APP = 'file:///opt/SynthLab/resources/app.asar/dist-renderer/index.html';

describe('IPC validation', () => {
  it('accepts only the app page as sender', () => {
    expect(isAppPage(APP, APP)).toBe(true);
    expect(isAppPage(`${APP}#/models`, APP)).toBe(true);
    expect(isAppPage('file:///tmp/evil.html', APP)).toBe(false);
    expect(isAppPage('https://example.com/', APP)).toBe(false);
    expect(isAppPage(undefined, APP)).toBe(false);
    expect(isAppPage('not a url', APP)).toBe(false);
  });

  it('rejects bad senders, names and payloads with clear errors, and answers good calls', async () => {
    const store = Store.open(path.join(tmpDir(), 'ipc.db'));
    const call = createIpcCallHandler(createHandlers({ store, runner: new JobRunner(store), modelsDir: tmpDir() }), APP);
    expect(await call({ url: 'https://example.com/' }, 'info.get', {})).toEqual({ ok: false, error: 'refused: the call did not come from the SynthLab window' });
    expect(await call({ url: APP }, 42, {})).toEqual({ ok: false, error: 'refused: the procedure name must be a string' });
    expect(await call({ url: APP }, 'fs.readFile', {})).toEqual({ ok: false, error: 'unknown procedure "fs.readFile"' });
    const bad = await call({ url: APP }, 'models.addEndpoint', { name: 'x', family: 'gpt', url: 'not a url', model: '' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues?.map((i) => i.path)).toEqual(['family', 'url', 'model']);
    expect(await call({ url: APP }, 'info.get', {})).toMatchObject({ ok: true, result: { schemaVersion: expect.any(Number) } });
    store.close();
  });
});

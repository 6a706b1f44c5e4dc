import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src-main/contract/contract.js';
import { startHttpServer, type RunningServer } from '../../src-main/api/http-server.js';
import { Store } from '../../src-main/store/store.js';
import { ROOT, tmpDir } from '../helpers/tmp.js';

let server: RunningServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await server?.close();
  store?.close();
  server = undefined;
  store = undefined;
});

async function start() {
  const dir = tmpDir();
  store = Store.open(path.join(dir, 'api.db'));
  server = await startHttpServer({ store, uploadsDir: path.join(dir, 'uploads'), modelsDir: path.join(dir, 'models') });
  const base = `http://127.0.0.1:${server.port}`;
  const call = async (name: string, payload: unknown = {}, token = server!.token) => {
    const r = await fetch(`${base}/api/call/${name}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies of many shapes
    return { status: r.status, body: (await r.json()) as { ok: boolean; result?: any; error?: string } };
  };
  return { base, call, dir };
}

/** Collects server-sent events until `until` says stop. */
function listen(url: string, until: (e: ApiEvent) => boolean): Promise<ApiEvent[]> {
  return new Promise((resolve, reject) => {
    const events: ApiEvent[] = [];
    const req = http.get(url, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!frame.startsWith('data: ')) continue;
          const e = JSON.parse(frame.slice(6)) as ApiEvent;
          events.push(e);
          if (until(e)) {
            req.destroy();
            resolve(events);
          }
        }
      });
    });
    req.on('error', (err) => (err.message.includes('aborted') ? undefined : reject(err)));
  });
}

describe('HTTP browser mode', () => {
  it('listens on 127.0.0.1 only and guards the API with the token', async () => {
    const { call, base } = await start();
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect((await call('info.get', {}, 'wrong')).status).toBe(401);
    expect((await fetch(`${base}/api/call/info.get`, { method: 'POST' })).status).toBe(401);
    const ok = await call('info.get');
    expect(ok.body).toMatchObject({ ok: true, result: { counts: { datasets: 0 } } });
  });

  it('validates every payload against the contract and says what is wrong', async () => {
    const { call } = await start();
    const bad = await call('datasets.posts', { dataset: '', limit: 'many' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^invalid input for datasets\.posts: dataset: .*; limit: /);
    expect((await call('nope.nothing')).body.error).toBe('unknown procedure "nope.nothing"');
    expect((await call('datasets.posts', { dataset: 'missing' })).body.error).toBe('no dataset named "missing"');
  });

  it('imports an uploaded file as a job in a worker, pushes progress, and reports located errors', async () => {
    const { call, base } = await start();
    const sample = fs.readFileSync(path.join(ROOT, 'resources', 'sample', 'posts.jsonl'));
    const up = await fetch(`${base}/api/upload?name=posts.jsonl&token=${server!.token}`, { method: 'POST', body: sample });
    const { result } = (await up.json()) as { result: { file: string } };
    const done = listen(`${base}/api/events?token=${server!.token}`, (e) => e.type === 'finished');
    const started = await call('datasets.import', { file: result.file, dataset: 'sample' });
    expect(started.body).toMatchObject({ ok: true, result: { job: expect.any(Number) } });
    const events = await done;
    expect(events.at(-1)).toMatchObject({ type: 'finished', kind: 'import', state: 'done', error: null });
    const page = await call('datasets.posts', { dataset: 'sample', offset: 0, limit: 5, category: 'health' });
    expect(page.body.result.total).toBe(52);
    expect(page.body.result.items).toHaveLength(5);
    const search = await call('datasets.posts', { dataset: 'sample', search: 'Leeds' });
    expect(search.body.result.total).toBeGreaterThan(0);
    for (const p of search.body.result.items) expect(p.text.toLowerCase()).toContain('leeds');

    const badFile = path.join(ROOT, 'test', 'fixtures', 'bad', 'duplicate-id.jsonl');
    const failed = listen(`${base}/api/events?token=${server!.token}`, (e) => e.type === 'finished');
    await call('datasets.import', { file: badFile, dataset: 'sample' });
    expect((await failed).at(-1)).toMatchObject({ state: 'failed', error: 'duplicate-id.jsonl:3: duplicate id "d1" (first on line 1)' });
    expect((await call('datasets.list')).body.result[0].posts).toBe(380);
  });

  it('sends a dataset’s HTML report as a download, behind the token', async () => {
    const { call, base } = await start();
    const imported = listen(`${base}/api/events?token=${server!.token}`, (e) => e.type === 'finished');
    await call('datasets.import', { file: path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), dataset: 'sample' });
    await imported;
    expect((await fetch(`${base}/api/report?dataset=sample`)).status).toBe(401);
    const missing = await fetch(`${base}/api/report?dataset=nope&token=${server!.token}`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ ok: false, error: 'no dataset named "nope"' });
    const res = await fetch(`${base}/api/report?dataset=sample`, { headers: { authorization: `Bearer ${server!.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''sample-report.html");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1>SynthLab report: sample</h1>');
  });

  it('answers within 200 ms while a generation job runs, and pauses, resumes and cancels it', async () => {
    const { call, base, dir } = await start();
    await call('datasets.import', { file: path.join(ROOT, 'resources', 'sample', 'posts.jsonl'), dataset: 'sample' });
    for (let i = 0; i < 100 && (await call('datasets.list')).body.result.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    const tiny = await call('models.addTiny');
    expect(tiny.body.result.map((m: { name: string }) => m.name)).toEqual(['tiny-llama2-chat', 'tiny-llama3-instruct', 'tiny-zephyr']);
    expect(fs.existsSync(path.join(dir, 'models', 'tiny'))).toBe(true);
    const progress = listen(`${base}/api/events?token=${server!.token}`, (e) => e.type === 'progress' && e.progress.done >= 6);
    const { body } = await call('generate.start', { dataset: 'sample', models: ['tiny-llama2-chat', 'tiny-llama3-instruct', 'tiny-zephyr'], limit: 40, threads: 1, maxTokens: 24, maxAttempts: 1 });
    const job = body.result.job as number;
    await progress;
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      expect((await call('info.get')).status).toBe(200);
      times.push(performance.now() - t0);
    }
    expect(Math.max(...times)).toBeLessThan(200);
    const finishedPause = listen(`${base}/api/events?token=${server!.token}`, (e) => e.type === 'finished');
    await call('jobs.pause', { id: job });
    expect((await finishedPause).at(-1)).toMatchObject({ job, state: 'paused' });
    const variants = await call('variants.list', { dataset: 'sample', job });
    expect(variants.body.result.total).toBeGreaterThanOrEqual(6);
    expect(variants.body.result.items[0]).toMatchObject({ source: expect.any(String), model: expect.stringMatching(/^tiny-/) });
    const finishedCancel = listen(`${base}/api/events?token=${server!.token}`, (e) => e.type === 'finished');
    expect((await call('jobs.resume', { id: job })).body.result.state).toMatch(/running|paused/);
    await new Promise((r) => setTimeout(r, 300));
    await call('jobs.cancel', { id: job });
    expect((await finishedCancel).at(-1)).toMatchObject({ job, state: 'cancelled' });
    expect((await call('jobs.resume', { id: job })).body.error).toBe(`job ${job} is cancelled and cannot resume`);
  }, 120_000);
});

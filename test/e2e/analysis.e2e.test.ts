/**
 * The analysis pages in a real browser against `synthlab serve`: sweep curves, keyboard review,
 * classifier F1 bars, the privacy audit and the HTML report. The database is seeded through the
 * CLI (sample dataset, tiny models, the rule-based stand-in rephraser — not an LLM — on a local
 * OpenAI-compatible server, a small generation) so the browser starts where the work begins. The
 * reply gate rejects the tiny models' word salad; the stand-in's rewrites give the pages content. Every chart is checked against the API's numbers: what is drawn, and where.
 * The tests are the steps of one session and run in order.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src-main/contract/audit-schemas.js';
import type { ExperimentResult, PredictionReport } from '../../src-main/contract/classify-schemas.js';
import type { SweepResult } from '../../src-main/contract/schemas.js';
import { startStandInServer, STAND_IN_MODELS, type StandInServer } from '../../src-main/test-models/stand-in-server.js';
import { ROOT } from '../helpers/tmp.js';
import {
  browserTestsUnavailable,
  launchChromium,
  SCREENSHOTS,
  startWorkbench,
  tempDir,
  type Workbench,
} from './harness.js';

const run = promisify(execFile);
const SAMPLE = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');
const TINY_MODELS = ['tiny-llama2-chat', 'tiny-llama3-instruct', 'tiny-zephyr'];
const STAND_INS = Object.keys(STAND_IN_MODELS).map((id) => ({ id, name: id.split(' ')[0]! }));

const unavailable = browserTestsUnavailable();
if (unavailable) console.warn(`Skipping the browser tests: ${unavailable}`);

/** Imports the sample, makes the tiny models and a small 1:3 generation, all through the CLI. */
async function seedDatabase(dir: string, standInUrl: string): Promise<void> {
  const cli = (...args: string[]) =>
    run(process.execPath, [path.join(ROOT, 'bin', 'synthlab.js'), '--db', path.join(dir, 'synthlab.db'), ...args], {
      cwd: ROOT,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config') },
    });
  await cli('import', SAMPLE, '--dataset', 'sample');
  await cli('models', 'add-tiny', '--dir', path.join(dir, 'models'));
  for (const m of STAND_INS) await cli('models', 'add', '--name', m.name, '--family', 'llama3-instruct', '--endpoint', standInUrl, '--model', m.id);
  // 20 posts: enough for some to land in the classifier's held-out split with their variants.
  await cli(
    'generate',
    '--dataset',
    'sample',
    '--models',
    [...TINY_MODELS, ...STAND_INS.map((m) => m.name)].join(','),
    '--limit',
    '20',
    '--threads',
    '1',
    '--max-tokens',
    '48',
    '--max-attempts',
    '1',
    '--temperature',
    '0.8',
  );
}

/** A numeric attribute of every element the locator matches. */
const numbers = (elements: Locator, attribute: string) =>
  elements.evaluateAll((els, a) => els.map((e) => Number(e.getAttribute(a))), attribute);

/**
 * Whether pixels follow values on one linear scale (within a pixel): the drawing shows the data,
 * not just the right number of marks. `increasing`: pixels grow with values (bar heights), or
 * shrink (y of points: higher values sit higher on screen).
 */
function onOneScale(pairs: [value: number, pixel: number][], increasing: boolean): boolean {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const [low, high] = [sorted[0], sorted.at(-1)];
  if (!low || !high || high[0] === low[0]) return true;
  const slope = (high[1] - low[1]) / (high[0] - low[0]);
  if (increasing ? slope <= 0 : slope >= 0) return false;
  return pairs.every(([v, px]) => Math.abs(low[1] + (v - low[0]) * slope - px) < 1);
}

describe.skipIf(unavailable)('analysis pages in Chromium', () => {
  let dir: string;
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;
  let standIn: StandInServer;

  /** The whole page from its top, without the "job finished" toasts that would cover the charts. */
  const screenshot = async (name: string) => {
    for (const dismiss of await page.locator('.toasts').getByRole('button', { name: 'Dismiss' }).all())
      await dismiss.click();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  const toPage = async (label: string, title = label) => {
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: new RegExp(`^${label}`) })
      .click();
    await heading(title);
  };
  const region = (name: string | RegExp) => page.getByRole('region', { name });

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    dir = tempDir();
    const started = performance.now();
    standIn = await startStandInServer();
    await seedDatabase(dir, standIn.url);
    console.log(`seeded the database in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    workbench = await startWorkbench(dir);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(workbench.url);
    await heading('Datasets');
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    await standIn?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens a post whole, lists the shortcuts, and offers "/" only where there is a search box', async () => {
    const table = page.getByRole('table', { name: 'Posts in sample' });
    // The longest post on screen: cut at two lines in its row, whole in the detail under the table.
    const rows = table.locator('.posts-row-clickable');
    await rows.first().waitFor();
    const texts = await rows.locator('.post-text').allInnerTexts();
    const longest = texts.indexOf(texts.reduce((a, b) => (b.length > a.length ? b : a)));
    const id = await rows.nth(longest).locator('.post-id').innerText();
    await rows.nth(longest).click();
    const detail = page.getByRole('region', { name: `Post ${id}` });
    await detail.waitFor();
    expect(await detail.locator('.post-detail-text').innerText()).toBe(texts[longest]);
    const clipped = await rows
      .nth(longest)
      .locator('.post-text')
      .evaluate((e) => e.scrollHeight > e.clientHeight + 1);
    const whole = await detail.locator('.post-detail-text').evaluate((e) => e.scrollHeight <= e.clientHeight + 1);
    expect(whole).toBe(true);
    console.log(`longest post on screen clipped in its row: ${clipped}`);
    await detail.getByRole('button', { name: 'Close' }).click();

    const sidebar = page.locator('.sidebar');
    expect(await sidebar.innerText()).toContain('search');
    await page.locator('main').focus();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('focus the search box');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await toPage('Review');
    expect(await sidebar.innerText()).not.toMatch(/\bsearch\b/);
    await page.locator('main').focus();
    await page.keyboard.press('?');
    await dialog.waitFor();
    expect(await dialog.innerText()).not.toContain('focus the search box');
    expect(await dialog.innerText()).toContain('On the Review page');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await toPage('Datasets');
  });

  it('runs a sweep and draws each model’s points, band and chosen temperature', async () => {
    await toPage('Sweep', 'Temperature sweep');
    await page.getByText('No sweeps on sample yet').waitFor();
    const form = region('Run a sweep');
    await form.getByLabel('Sample size').fill('4');
    await form.getByLabel('From', { exact: true }).fill('0.6');
    await form.getByLabel('To', { exact: true }).fill('1');
    await form.getByLabel('Step', { exact: true }).fill('0.2');
    await form.getByText('Temperatures: 0.6, 0.8, 1').waitFor();
    await form.getByText('Advanced: threads, tokens, attempts').click();
    await form.getByLabel('CPU threads').fill('1');
    await form.getByLabel('Max tokens').fill('16');
    await form.getByLabel('Attempts per variant').fill('1');
    // 4 posts × 3 temperatures × the first 3 models (the two stand-ins and tiny-llama2-chat).
    expect(await form.innerText()).toContain('36 variants to generate');
    await form.getByRole('button', { name: 'Run sweep' }).click();
    // While the sweep runs, another cannot be started, and the form says why.
    await form.getByText(/^Sweep job #\d+ on sample is still running/).waitFor();
    expect(await form.getByRole('button', { name: 'Run sweep' }).isDisabled()).toBe(true);

    const ended = region('Progress').getByText(/^(done|failed|cancelled)$/);
    await ended.waitFor({ timeout: 90_000 });
    expect(await ended.innerText()).toBe('done');
    await expect.poll(() => form.getByRole('button', { name: 'Run sweep' }).isDisabled()).toBe(false);
    const [sweep] = (await workbench.call('sweeps.list', { dataset: 'sample' })) as SweepResult[];
    const plotted = sweep!.models.flatMap((m) =>
      m.points.filter((p) => p.mean !== null).map((p) => `${m.model}@${p.temperature}=${p.mean!.toFixed(6)}`),
    );
    expect(plotted.length).toBeGreaterThan(0);

    const chart = page.getByRole('figure', { name: /^Mean similarity by temperature/ });
    const dots = chart.locator('.sweep-dot');
    await expect.poll(() => dots.count()).toBe(plotted.length);
    const drawn = await dots.evaluateAll((els) =>
      els.map((e) => {
        const at = (name: string) => e.getAttribute(`data-${name}`);
        return `${at('model')}@${at('temperature')}=${Number(at('mean')).toFixed(6)}`;
      }),
    );
    expect(drawn.sort()).toEqual(plotted.sort());
    // One line per model, each dot at its mean on the y axis, a ring on each chosen temperature.
    expect(await chart.locator('.recharts-line').count()).toBe(sweep!.models.length);
    const positions = await dots.evaluateAll((els) =>
      els.map((e) => [
        Number(e.getAttribute('data-mean')),
        Number(e.querySelector('.sweep-dot-mark')!.getAttribute('cy')),
      ]),
    );
    expect(onOneScale(positions as [number, number][], false)).toBe(true);
    const chosen = sweep!.models.filter((m) => m.points.some((p) => p.temperature === m.chosen && p.mean !== null));
    expect(await chart.locator('.sweep-chosen').count()).toBe(chosen.length);
    for (const m of sweep!.models)
      expect(await chart.getByRole('list', { name: 'Models' }).innerText()).toContain(m.model);

    // Keyboard: focus the first point and open it.
    const first = dots.first();
    const model = (await first.getAttribute('data-model'))!;
    const temperature = Number(await first.getAttribute('data-temperature'));
    await first.focus();
    await page.keyboard.press('Enter');
    const samples = region(/^Samples: /);
    await samples.getByRole('list', { name: 'Samples' }).waitFor();
    const expected = (await workbench.call('sweeps.point', { sweep: sweep!.sweep, model, temperature })) as {
      source: string;
    }[];
    expect(await samples.getByRole('listitem').count()).toBe(expected.length);
    await samples.getByText(expected[0]!.source).first().waitFor();
    await screenshot('sweep-light');

    // A click on a point opens that model's samples, even where dots overlap, and scrolls to them.
    const at = await dots.evaluateAll((els) =>
      els.map((e) => {
        const box = e.querySelector('.sweep-dot-mark')!.getBoundingClientRect();
        return { model: e.getAttribute('data-model')!, temperature: e.getAttribute('data-temperature')!, y: box.y };
      }),
    );
    const lastT = at.at(-1)!.temperature;
    for (const dot of at.filter((d) => d.temperature === lastT)) {
      await page.evaluate('window.scrollTo(0, 0)');
      const mark = chart.locator(`.sweep-dot[data-model="${dot.model}"][data-temperature="${lastT}"] .sweep-dot-mark`);
      const box = (await mark.boundingBox())!;
      // Two marks exactly on top of each other cannot be told apart by position: either is right there.
      const twins = at.filter((d) => d.temperature === lastT && Math.abs(d.y - dot.y) < 0.5).map((d) => d.model);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const opened = region(/^Samples: /);
      await expect
        .poll(async () => {
          const title = await opened.getByRole('heading').first().innerText();
          return twins.some((m) => title.startsWith(`Samples: ${m} at `));
        })
        .toBe(true);
      // Scrolled into view: the panel's top is on screen.
      await expect
        .poll(() => opened.evaluate((e) => Math.round(e.getBoundingClientRect().top)), { timeout: 5000 })
        .toBeLessThan(900 / 2);
      expect(await opened.evaluate((e) => e.getBoundingClientRect().top)).toBeGreaterThanOrEqual(-1);
    }

    // The numbers get a full-width panel; the intervals stay within cosine's range.
    const numbersTable = page.getByRole('table', { name: `Sweep ${sweep!.sweep} points` });
    expect(await numbersTable.evaluate((t) => t.scrollWidth <= t.parentElement!.clientWidth + 1)).toBe(true);
    for (const p of sweep!.models.flatMap((m) => m.points)) if (p.ci95) expect(p.ci95[0]).toBeGreaterThanOrEqual(0);

    // The form remembers its settings for this dataset after leaving the page.
    await toPage('Models');
    await toPage('Sweep', 'Temperature sweep');
    expect(await form.getByLabel('Sample size').inputValue()).toBe('4');
    expect(await form.getByLabel('Step', { exact: true }).inputValue()).toBe('0.2');
    await form.getByText('Advanced: threads, tokens, attempts').click();
    expect(await form.getByLabel('CPU threads').inputValue()).toBe('1');

    // Generation shows, before anything starts, the temperature each model's sweep chose.
    const chosenBy = (await workbench.call('sweeps.chosen', { dataset: 'sample' })) as {
      model: string;
      temperature: number;
      sweep: number;
    }[];
    await toPage('Generation');
    const choices = page.getByRole('list', { name: 'Temperatures chosen by the sweeps' });
    await choices.getByRole('listitem').first().waitFor();
    for (const c of chosenBy) {
      expect(c.temperature).toBe(sweep!.models.find((m) => m.model === c.model)!.chosen);
      // The list renders with the models at once and fills in each choice when sweeps.chosen answers.
      await choices.locator(`[data-model="${c.model}"][data-temperature]`).waitFor();
      expect(Number(await choices.locator(`[data-model="${c.model}"]`).getAttribute('data-temperature'))).toBe(
        c.temperature,
      );
    }
    if (chosenBy.length === TINY_MODELS.length)
      expect(
        await page.getByRole('radio', { name: /Chosen by each model’s latest temperature sweep/ }).isChecked(),
      ).toBe(true);
    // A sweep that chose for only some of the checked models: one value per model, the sweep's where it chose.
    else if (chosenBy.length > 0) {
      expect(await page.getByRole('radio', { name: 'One value per model' }).isChecked()).toBe(true);
      for (const c of chosenBy) expect(Number(await page.getByLabel(c.model, { exact: true }).inputValue())).toBe(c.temperature);
    }
  }, 180_000);

  it('reviews with the keyboard, saving every decision at once, and they survive a reload', async () => {
    await toPage('Review');
    await page.getByLabel('Your name').fill('alice');
    await page.getByRole('button', { name: 'Start reviewing' }).click();
    const { variants } = (await workbench.call('review.progress', { dataset: 'sample', annotator: 'alice' })) as {
      variants: number;
    };
    await page.getByText(`0 of ${variants} variants reviewed`).waitFor();
    const workspace = region('Original and variants');
    await workspace.getByText(/^Original 1 of \d+$/).waitFor();
    const variant = (i: number) => workspace.getByRole('article', { name: new RegExp(`^Variant ${i} of`) });
    // Keys act once the original asked for is on screen (the previous one is dimmed until then).
    const settled = () => workspace.locator('[aria-busy="false"]').waitFor();
    expect(await workspace.getByRole('article').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => variant(1).getAttribute('aria-current')).toBe('true');

    // j/k move between variants; a accepts and moves on; l opens the labels, Enter saves them.
    await page.keyboard.press('j');
    await expect.poll(() => variant(2).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('k');
    await expect.poll(() => variant(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('a');
    await variant(1).getByText('Accepted').waitFor();
    await expect.poll(() => variant(2).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('l');
    await variant(2).getByRole('group', { name: 'Labels of this variant' }).waitFor();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await variant(2).getByText('Relabelled').waitFor();
    await page.getByText(`2 of ${variants} variants reviewed`).waitFor();

    // n: the next original; e edits its first variant, Ctrl+Enter saves.
    await page.keyboard.press('n');
    await workspace.getByText(/^Original 2 of \d+$/).waitFor();
    await settled();
    await page.keyboard.press('e');
    await page.keyboard.type('A corrected variant with no personal details.');
    await page.keyboard.press('Control+Enter');
    await variant(1).getByText('Edited', { exact: true }).waitFor();
    // The text is drawn in pieces (its differences from the original marked), so compare the whole.
    await expect.poll(() => variant(1).innerText()).toContain('A corrected variant with no personal details.');
    await page.getByText(`3 of ${variants} variants reviewed`).waitFor();
    await screenshot('review-light');

    await page.reload();
    await heading('Review');
    await page.getByText('Reviewing as').waitFor();
    await page.getByText(`3 of ${variants} variants reviewed`).waitFor();
    await variant(1).getByText('Accepted').waitFor();
    await variant(2).getByText('Relabelled').waitFor();
    await page.keyboard.press('n');
    await variant(1).getByText('Edited', { exact: true }).waitFor();

    // A second annotator agrees on the first variant: the agreement table appears.
    await page.getByRole('button', { name: 'Change' }).click();
    await page.getByLabel('Your name').fill('bob');
    await page.getByRole('button', { name: 'Start reviewing' }).click();
    await page.getByText(`0 of ${variants} variants reviewed`).waitFor();
    await workspace.getByText(/^Original 1 of \d+$/).waitFor();
    await settled();
    await variant(1).click();
    await page.keyboard.press('a');
    await variant(1).getByText('Accepted').waitFor();
    const agreement = region('Agreement between annotators');
    await agreement.getByRole('row', { name: /alice & bob\s+1\s+100\.0%/ }).waitFor();
  });

  it('opens one original from a link, as the privacy examples do', async () => {
    const queue = (await workbench.call('review.queue', {
      dataset: 'sample',
      annotator: 'bob',
      offset: 3,
      limit: 1,
    })) as {
      items: { post: { externalId: string; text: string } }[];
    };
    const post = queue.items[0]!.post;
    await page.goto(`${workbench.url}#/review?post=${encodeURIComponent(post.externalId)}`);
    await page.getByText(`Showing only post ${post.externalId}`).waitFor();
    await region(`Original ${post.externalId}`).waitFor();
    await region('Original and variants').getByText('Original 1 of 1').waitFor();
    await page.getByRole('button', { name: 'Show the whole queue' }).click();
    await region('Original and variants')
      .getByText(/^Original 1 of (\d{2,}|[2-9])$/)
      .waitFor();
  });

  it('trains an experiment with a live loss curve, then draws the per-category F1 bars', async () => {
    await toPage('Classifier');
    await page.getByText('No experiments on sample yet').waitFor();
    const form = region('Run an experiment');
    // The seed protocol (AdamW) trains epoch by epoch: its loss curve is drawn live.
    await form.getByLabel('Linear head, AdamW').check();
    await form.getByLabel('Epochs').fill('3');
    // Few epochs need a high rate for the tiny data to give non-zero F1 somewhere.
    await form.getByLabel('Learning rate').fill('0.5');
    // A significance level must lie between 0 and 1: the field says so and nothing starts.
    await form.getByLabel('Term filter (p)').fill('2');
    await form.getByRole('button', { name: 'Run experiment' }).click();
    await form.getByText('Too big: expected number to be <1').waitFor();
    await form.getByLabel('Term filter (p)').fill('0.01');
    await form.getByRole('button', { name: 'Run experiment' }).click();

    const training = region('Training');
    await training.getByRole('figure', { name: 'Training loss by epoch' }).locator('.loss-line').first().waitFor();
    await training.getByText('done', { exact: true }).waitFor({ timeout: 60_000 });
    const [listed] = (await workbench.call('experiments.list', { dataset: 'sample' })) as { id: number }[];
    const result = (await workbench.call('experiments.get', { id: listed!.id })) as ExperimentResult;
    expect(result.options.termSelection).toBe(0.01);
    await page.getByText('terms with χ² p < 0.01').waitFor();
    // One curve per source that trained a head (the others reuse one).
    const trained = new Set(result.runs.filter((r) => r.head_run === r.run).map((r) => r.train_source));
    expect(await training.locator('.loss-line').count()).toBe(trained.size);

    // The default view: original, each model, all synthetic and TSTR (all synthetic → originals).
    const label = (r: ExperimentResult['runs'][number]) =>
      r.experiment === 'a'
        ? 'original'
        : r.experiment === 'b'
          ? r.train_source.replace('synthetic:', '')
          : r.experiment === 'c'
            ? 'all synthetic'
            : 'TSTR';
    const shown = result.runs.filter(
      (r) => ['a', 'b', 'c'].includes(r.experiment) || (r.experiment === 'd' && r.train_source === 'synthetic:all'),
    );
    // A category that is not evaluable (F1 null) has no bar.
    const expected = shown.flatMap((r) =>
      r.metrics.categories.filter((c) => c.f1 !== null).map((c) => `${label(r)}=${c.f1!.toFixed(6)}`),
    );
    const chart = page.getByRole('figure', { name: /^Per-category F1/ });
    const bars = chart.locator('.value-bar');
    await expect.poll(() => bars.count()).toBe(expected.length);
    const drawn = await bars.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-series')}=${Number(e.getAttribute('data-value')).toFixed(6)}`),
    );
    expect(drawn.sort()).toEqual(expected.sort());
    const f1Values = await numbers(bars, 'data-value');
    const f1Heights = await numbers(bars, 'height');
    expect(onOneScale([[0, 0], ...f1Values.map((v, i): [number, number] => [v, f1Heights[i]!])], true)).toBe(true);
    expect(result.runs.some((r) => r.metrics.categories.some((c) => (c.f1 ?? 0) > 0))).toBe(true);

    // The other view: each model's variants tested on held-out originals (TSTR), beside (a).
    await page.getByText('TSTR by model', { exact: true }).click();
    const tstr = result.runs.filter((r) => r.experiment === 'a' || r.experiment === 'd');
    await expect.poll(() => bars.count()).toBe(
      tstr.reduce((n, r) => n + r.metrics.categories.filter((c) => c.f1 !== null).length, 0),
    );
    await page.getByText(/^Original, each model/).click();

    const aggregates = page.getByRole('table', { name: 'Aggregate scores' });
    expect(await aggregates.getByRole('row').count()).toBe(result.runs.length + 1);
    await page
      .getByRole('table', { name: 'Label retention' })
      .or(page.getByText('No label retention to show'))
      .waitFor();
    await screenshot('classifier-light');
  });

  it('labels new text with one of the experiment’s classifiers, as the API does', async () => {
    const panel = region('Label new text');
    const texts = ["I'm 34 and my wife is a nurse in Leeds", 'Lovely weather for a walk today'];
    await panel.getByLabel('Texts, one per line').fill(`${texts[0]}\n\n${texts[1]}\n`);
    const classifier = panel.getByLabel('Classifier');
    expect(await classifier.locator('option').first().innerText()).toMatch(/^run \d+: trained on original$/);
    const run = Number(await classifier.inputValue());
    await panel.getByRole('button', { name: 'Label' }).click();
    const table = panel.getByRole('table', { name: 'Predicted categories' });
    await table.waitFor();
    const expected = (await workbench.call('classifier.predict', { run, texts })) as PredictionReport;
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    for (const [i, p] of expected.predictions.entries()) {
      const cells = rows.nth(i).locator('td');
      expect(await cells.nth(0).innerText()).toBe(p.text);
      const byScore = [...p.labels].sort((a, b) => p.scores[b]! - p.scores[a]!);
      const shown = byScore.map((c) => `${c} ${p.scores[c]!.toFixed(2)}`);
      expect(await cells.nth(1).locator('.badge').allInnerTexts()).toEqual(shown);
    }
    await screenshot('classifier-label-light');

    // Blank texts are refused by the contract, with its message.
    await expect(workbench.call('classifier.predict', { run, texts: [' '] })).rejects.toThrow(/must not be blank/);
  });

  it('runs a privacy audit and shows linkage beside chance and the closest-record histogram', async () => {
    await toPage('Privacy');
    await page.getByText('No audits of sample yet').waitFor();
    await region('Run an audit').getByRole('button', { name: 'Run audit' }).click();
    await region('Progress').getByText('done', { exact: true }).waitFor({ timeout: 60_000 });
    const [listed] = (await workbench.call('audits.list', { dataset: 'sample' })) as { audit: number }[];
    const audit = (await workbench.call('audits.get', { id: listed!.audit })) as AuditResult;

    const linkage = page.getByRole('figure', { name: 'Linkage rate and chance by model' });
    const keys = ['linkage_top1', 'chance_top1', 'linkage_top5', 'chance_top5'] as const;
    const expectedLinkage = audit.models.flatMap((m) => keys.map((k) => `${k}=${m[k].toFixed(6)}`));
    const linkageBars = linkage.locator('.value-bar');
    await expect.poll(() => linkageBars.count()).toBe(expectedLinkage.length);
    const drawnLinkage = await linkageBars.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-series')}=${Number(e.getAttribute('data-value')).toFixed(6)}`),
    );
    expect(drawnLinkage.sort()).toEqual(expectedLinkage.sort());

    // The reading: chance, and a verdict from the binomial test for each model.
    const reading = page.getByLabel('Reading of the linkage figures');
    expect(await reading.innerText()).toContain(`1/${audit.originals}`);
    for (const m of audit.models) {
      expect(m.linkage_top1_p).toBeGreaterThanOrEqual(0);
      expect(await reading.locator(`[data-model="${m.model}"]`).getAttribute('data-verdict')).toMatch(
        /^(chance|above|concern)$/,
      );
    }

    // The histogram shows only the occupied bins (one of margin each side), with labelled axes.
    const histogram = page.getByRole('figure', { name: 'Similarity to the closest original' });
    const all = audit.models.map((m) => m.closest_histogram);
    const used = all[0]!.map((_, i) => all.some((h) => h[i]! > 0));
    const [from, to] = [Math.max(0, used.indexOf(true) - 1), Math.min(used.length - 1, used.lastIndexOf(true) + 1)];
    const expectedBins = audit.models.flatMap((m) =>
      m.closest_histogram.slice(from, to + 1).map((n) => `${m.model}=${n}`),
    );
    expect(await histogram.innerText()).toContain('variants (count)');
    const binBars = histogram.locator('.value-bar');
    await expect.poll(() => binBars.count()).toBe(expectedBins.length);
    const drawnBins = await binBars.evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-series')}=${e.getAttribute('data-value')}`),
    );
    expect(drawnBins.sort()).toEqual(expectedBins.sort());
    expect(audit.models.reduce((n, m) => n + m.closest_histogram.reduce((a, b) => a + b, 0), 0)).toBe(
      audit.overall.variants,
    );
    const heights = await numbers(binBars, 'height');
    const values = await numbers(binBars, 'data-value');
    expect(onOneScale([[0, 0], ...values.map((v, i): [number, number] => [v, heights[i]!])], true)).toBe(true);

    const table = page.getByRole('table', { name: 'Audit by model' });
    for (const m of audit.models)
      await table.getByRole('row', { name: new RegExp(`^${m.model}\\s+${m.variants}\\s`) }).waitFor();
    await page.getByRole('table', { name: 'PII carried over by category' }).waitFor();
    // How the audit's categories relate to the dataset's: the sample's "contact" is the audit's contact.
    await page.getByText('What the audit’s categories count').click();
    const relations = page.getByRole('table', { name: 'Audit categories and dataset categories' });
    await relations.getByRole('row', { name: /^contact\s+contact\s+email:/ }).waitFor();
    await page.getByText(/Dataset categories without a shape of value \(.*occupation/).waitFor();
    await screenshot('privacy-light');
  });

  it('downloads the HTML report with every section, inline SVG charts and the models’ SHA-256', async () => {
    await toPage('Reports');
    const report = region('HTML report');
    await report.getByRole('row', { name: /Privacy audit\s+audit #\d+/ }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('button', { name: 'Download sample-report.html' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('sample-report.html');
    const html = fs.readFileSync(await download.path(), 'utf8');
    for (const section of ['dataset', 'sweep', 'generation', 'review', 'classifier', 'privacy', 'reproduce'])
      expect(html).toContain(`id="${section}"`);
    expect(html.match(/<svg[\s>]/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    // Nothing is fetched: no script, no remote source or link (an endpoint's URL may be named as text).
    expect(html).not.toMatch(/<script|(?:src|href)\s*=\s*["']?https?:\/\/(?!www\.w3\.org)/);
    const { models } = (await workbench.call('models.list')) as { models: { name: string; sha256: string | null }[] };
    for (const m of models.filter((x) => TINY_MODELS.includes(x.name))) expect(html).toContain(m.sha256!);
    expect(html).toContain('alice');
    // The experiment's settings line says which TF-IDF terms it used, escaped as HTML.
    expect(html).toContain('TF-IDF terms with χ² p &lt; 0.01,');
    // The audit's categories beside the dataset's.
    expect(html).toMatch(/What the audit's categories count[\s\S]*<td>contact<\/td><td>contact<\/td>/);
    await report.getByText(/^Downloaded sample-report\.html \(\d/).waitFor();

    // Toasts sit over the sidebar (236 px wide), never over the page's fields or charts.
    const toast = page.locator('.toast').filter({ hasText: 'Downloaded sample-report.html' });
    const toastBox = (await toast.boundingBox())!;
    expect(toastBox.x + toastBox.width).toBeLessThanOrEqual(236);

    // The linkage chart's axis is fitted to the rates, and every bar of every chart stays inside its axis.
    const [audit] = (await workbench.call('audits.list', { dataset: 'sample' })) as { audit: number }[];
    const shown = (await workbench.call('audits.get', { id: audit!.audit })) as AuditResult;
    const highest = Math.max(...shown.models.flatMap((m) => [m.linkage_top1, m.linkage_top5, m.chance_top5]));
    const preview = page.frameLocator('iframe[title="Report preview: sample"]');
    const linkageSvg = preview.locator('svg[aria-label="Linkage attack"]');
    await linkageSvg.waitFor();
    const tickValues = await numbers(linkageSvg.locator('[data-tick]'), 'data-tick');
    expect(Math.max(...tickValues)).toBeGreaterThanOrEqual(highest);
    if (highest < 0.4) expect(Math.max(...tickValues)).toBeLessThan(2 * highest + 0.05);
    for (const svg of await preview.locator('svg.chart').all()) {
      const top = Math.min(...(await numbers(svg.locator('line.grid'), 'y1')));
      for (const y of await numbers(svg.locator('rect[data-value]'), 'y')) expect(y).toBeGreaterThanOrEqual(top - 1e-6);
    }
    expect(await preview.locator('#sweep').locator('xpath=following-sibling::p[1]').innerText()).toContain(
      'a ring marks',
    );
    // The same model has the same colour in the app's sweep chart and in the report's.
    const reportColours = await preview
      .locator('svg[aria-label^="Mean cosine similarity"] g.series')
      .evaluateAll((gs) =>
        gs.map((g) => `${g.getAttribute('data-series')}=${g.querySelector('polyline')!.getAttribute('stroke')}`),
      );
    expect(reportColours.length).toBeGreaterThan(0);
    await screenshot('reports-light');
    await toPage('Sweep', 'Temperature sweep');
    const appColours = await page
      .getByRole('figure', { name: /^Mean similarity by temperature/ })
      .locator('.sweep-dot')
      .evaluateAll((els) => [
        ...new Set(
          els.map(
            (e) => `${e.getAttribute('data-model')}=${e.querySelector('.sweep-dot-mark')!.getAttribute('stroke')}`,
          ),
        ),
      ]);
    for (const c of appColours) expect(reportColours).toContain(c);
    await toPage('Reports');
  });

  it('shows the same synthetic-set counts on Review, Generation, Privacy and Classifier, and releases the set', async () => {
    // Alice rejects one variant: every page's counter follows the one counts query.
    const queue = (await workbench.call('review.queue', { dataset: 'sample', annotator: 'alice', offset: 4, limit: 1 })) as {
      items: { variants: { id: number }[] }[];
    };
    await workbench.call('review.decide', { variantId: queue.items[0]!.variants[0]!.id, annotator: 'alice', decision: 'reject' });
    const counts = (await workbench.call('synthetic.counts', { dataset: 'sample' })) as { included: number; review_rejected: number };
    expect(counts.review_rejected).toBeGreaterThanOrEqual(1);
    const included = () => page.getByRole('region', { name: 'Synthetic set counts' }).locator('.set-counts-included dd');
    for (const [label, title] of [
      ['Review', 'Review'],
      ['Generation', 'Generation'],
      ['Privacy', 'Privacy'],
      ['Classifier', 'Classifier'],
    ] as const) {
      await toPage(label, title);
      await expect.poll(() => included().innerText()).toBe(String(counts.included));
    }
    await toPage('Review');
    await page.getByText(/^Reject: the variant leaves the synthetic set/).waitFor();
    await region('Where annotators disagree').waitFor();

    await toPage('Reports');
    const release = region('Release the synthetic set');
    await release.getByRole('button', { name: 'Release the synthetic set' }).click();
    await release.getByText('Written to').waitFor({ timeout: 30_000 });
    const files = await release.getByRole('listitem').allInnerTexts();
    expect(files.map((f) => path.basename(f))).toEqual(['synthetic.jsonl', 'synthetic.csv', 'DATASET_CARD.md']);
    const card = fs.readFileSync(files[2]!, 'utf8');
    expect(card).toContain(`| included | ${counts.included} |`);
    expect(fs.readFileSync(files[0]!, 'utf8').trim().split('\n')).toHaveLength(counts.included);
    await screenshot('release-light');
  });

  it('shows the analysis pages in the dark theme', async () => {
    await page.getByRole('button', { name: /Dark theme/ }).click();
    await screenshot('reports-dark');
    for (const [label, title, ready] of [
      ['Sweep', 'Temperature sweep', '.sweep-dot'],
      ['Review', 'Review', 'article'],
      ['Classifier', 'Classifier', '.value-bar'],
      ['Privacy', 'Privacy', '.value-bar'],
    ] as const) {
      await toPage(label, title);
      await page.locator(ready).first().waitFor({ state: 'attached' });
      await screenshot(`${label.toLowerCase()}-dark`);
    }
  });

  it('lays out every page without overflow at 1440×900 and 1280×720, light and dark', async () => {
    const dirOut = path.join(SCREENSHOTS, 'viewports');
    fs.mkdirSync(dirOut, { recursive: true });
    const pages = [
      ['Datasets', 'Datasets', '.posts-row-clickable'],
      ['Models', 'Models', 'table'],
      ['Sweep', 'Temperature sweep', '.sweep-dot'],
      ['Generation', 'Generation', '.variant'],
      ['Review', 'Review', 'article'],
      ['Classifier', 'Classifier', '.value-bar'],
      ['Privacy', 'Privacy', '.value-bar'],
      ['Reports', 'Reports', 'iframe'],
    ] as const;
    const problems: string[] = [];
    for (const [width, height] of [
      [1440, 900],
      [1280, 720],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const theme of ['light', 'dark'] as const) {
        const dark = (await page.getByRole('button', { name: /Dark theme/ }).getAttribute('aria-pressed')) === 'true';
        if (dark !== (theme === 'dark')) await page.getByRole('button', { name: /Dark theme/ }).click();
        for (const [label, title, ready] of pages) {
          await toPage(label, title);
          await page.locator(ready).first().waitFor({ state: 'attached' });
          // Horizontal overflow of the page, or of any panel or chart, is a layout fault.
          const overflow = (await page.evaluate(`(() => {
            const out = [];
            if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push('page ' + document.documentElement.scrollWidth);
            for (const el of document.querySelectorAll('.panel, figure, .row, .grid, dl.stats, .table-scroll')) {
              if (el.scrollWidth > el.clientWidth + 1) out.push((el.getAttribute('aria-label') || el.className) + ' ' + el.scrollWidth + '>' + el.clientWidth);
            }
            return out;
          })()`)) as string[];
          for (const o of overflow) problems.push(`${label} ${theme} ${width}×${height}: ${o}`);
          await screenshot(`viewports/${label.toLowerCase()}-${theme}-${width}x${height}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});

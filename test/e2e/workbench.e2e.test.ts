/**
 * The workbench in a real browser against `synthlab serve` with a real database and the tiny
 * test models, asserting on what a person sees. The tests are the steps of one session and
 * run in order: each starts where the previous one left the workbench.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/tmp.js';
import {
  browserTestsUnavailable,
  launchChromium,
  SCREENSHOTS,
  startWorkbench,
  tempDir,
  type Workbench,
} from './harness.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample', 'posts.jsonl');
const samplePosts = fs
  .readFileSync(SAMPLE, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as { id: string; text: string; labels: string[] });
const sampleCategories = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'resources', 'sample', 'categories.json'), 'utf8')) as { name: string }[]
).map((c) => c.name);
const TINY_MODELS = ['tiny-llama2-chat', 'tiny-llama3-instruct', 'tiny-zephyr'];

const unavailable = browserTestsUnavailable();
if (unavailable) console.warn(`Skipping the browser tests: ${unavailable}`);

describe.skipIf(unavailable)('workbench in Chromium', () => {
  let dir: string;
  let workbench: Workbench;
  let browser: Browser;
  let page: Page;

  const screenshot = (name: string, fullPage = true) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  const toPage = async (label: string) => {
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: new RegExp(`^${label}`) })
      .click();
    await heading(label);
  };

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    dir = tempDir();
    workbench = await startWorkbench(dir);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close();
    await workbench?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts with an empty state that says what to import', async () => {
    await page.goto(workbench.url);
    await heading('Datasets');
    await page.getByText('No datasets yet').waitFor();
    expect(await page.getByText('resources/sample/posts.jsonl').count()).toBeGreaterThan(0);
    await screenshot('datasets-empty-light');
  });

  it('imports the sample dataset and shows its posts and categories', async () => {
    await page.getByLabel('Dataset file').setInputFiles(SAMPLE);
    await page.getByLabel('Dataset name').fill('sample');
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    await page.getByText('380 posts', { exact: true }).waitFor();
    const datasets = page.getByRole('region', { name: 'Your datasets' });
    expect(await datasets.getByRole('row', { name: /sample/ }).innerText()).toMatch(/sample\s+380\s+12/);

    const chart = page.getByRole('figure', { name: 'Posts per category in sample' });
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    const chartText = await chart.innerText();
    for (const category of sampleCategories) expect(chartText).toContain(category);

    // The virtualised table shows the first posts, not all 380.
    const table = page.getByRole('table', { name: 'Posts in sample' });
    await table.getByText(samplePosts[0]!.text).waitFor();
    expect(await table.getByRole('row').count()).toBeLessThan(60);
    await screenshot('datasets-light');
  });

  it('searches and filters the posts', async () => {
    const matching = samplePosts.filter((p) => p.text.toLowerCase().includes('lockdown'));
    await page.keyboard.press('/');
    await page.keyboard.type('lockdown');
    await page.getByText(`${matching.length} of 380 posts match`).waitFor();
    const table = page.getByRole('table', { name: 'Posts in sample' });
    await table.getByText(matching[0]!.text).waitFor();

    await page.getByRole('searchbox', { name: 'Search posts' }).fill('');
    const health = samplePosts.filter((p) => p.labels.includes('health')).length;
    await page.getByRole('combobox', { name: 'Category' }).selectOption('health');
    await page.getByText(`${health} of 380 posts match`).waitFor();
    await screenshot('datasets-filtered-light');
    await page.getByRole('combobox', { name: 'Category' }).selectOption('');
    await page.getByText('380 posts', { exact: true }).waitFor();
  });

  it('exports the dataset as a download', async () => {
    const exportPanel = page.getByRole('region', { name: 'Export' });
    await exportPanel.getByRole('radio', { name: 'CSV' }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exportPanel.getByRole('button', { name: 'Export sample.csv' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('sample.csv');
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toBe('id,text,labels');
    expect(csv).toContain(samplePosts[0]!.id);
    await page.getByText('Downloaded sample.csv (380 rows).').waitFor();
  });

  it('shows the engine’s row-level error for a bad file', async () => {
    await page
      .getByLabel('Dataset file')
      .setInputFiles(path.join(ROOT, 'test', 'fixtures', 'bad', 'duplicate-id.jsonl'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Import failed' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('duplicate-id.jsonl:3: duplicate id "d1" (first on line 1)');
    await screenshot('datasets-import-error-light');
    await alert.getByRole('button', { name: 'Dismiss error' }).click();
  });

  it('adds the three tiny test models and runs a test prompt', async () => {
    // Keyboard: "g" then "m" opens the Models page.
    await page.locator('main').focus();
    await page.keyboard.press('g');
    await page.keyboard.press('m');
    await heading('Models');
    await page.getByText('No models yet').waitFor();
    await page.getByRole('button', { name: /Add tiny test models/ }).click();
    await page.getByRole('heading', { name: 'Registered models (3)' }).waitFor();
    const table = page.getByRole('region', { name: /Registered models/ }).getByRole('table');
    for (const name of TINY_MODELS) await table.getByRole('rowheader', { name: new RegExp(name) }).waitFor();
    expect(await page.getByLabel('Hardware in use').innerText()).toMatch(/CPU|GPU/);

    await page.getByRole('spinbutton', { name: 'Max tokens' }).fill('8');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/tokens in · \d+ out/).waitFor();
    await screenshot('models-light');
  });

  it('runs a 1:3 generation over three posts and shows the nine variants', async () => {
    await toPage('Generation');
    const form = page.getByRole('region', { name: 'Start a generation' });
    for (const name of TINY_MODELS)
      expect(await form.getByRole('checkbox', { name: new RegExp(name) }).isChecked()).toBe(true);
    await form.getByLabel('Posts to rephrase').fill('3');
    // The thread count and sequences the job will use, from the engine's thread policy, before any is typed.
    const defaults = form.getByTestId('run-defaults');
    await defaults.getByText(/^Threads: \d+ \(auto: \d+ cores?, /).waitFor();
    expect(await defaults.innerText()).toMatch(/Parallel sequences per model: \d+ \(auto: /);
    await form.getByText('Advanced: seed, tokens, attempts, threads').click();
    await form.getByLabel('Max tokens').fill('16');
    await form.getByLabel('Attempts per variant').fill('1');
    await form.getByLabel('CPU threads').fill('1');
    await defaults.getByText(/^Threads: 1 \(yours\)/).waitFor();
    expect(await form.innerText()).toContain('3 posts × 3 models = 9 variants');
    await form.getByRole('button', { name: 'Start generation' }).click();

    const progress = page.getByRole('region', { name: 'Progress' });
    await progress.getByText('9 of 9 variants').waitFor({ timeout: 60_000 });
    await progress.getByText('done', { exact: true }).waitFor();
    const feed = page.getByRole('region', { name: 'Variants, newest first' });
    await feed.getByText(/^9 variants from job #\d+$/).waitFor();
    expect(await feed.getByRole('listitem').count()).toBe(9);
    const feedText = await feed.innerText();
    for (const name of TINY_MODELS) expect(feedText).toContain(name);
    for (const post of samplePosts.slice(0, 3)) expect(feedText).toContain(post.text);
    // A finished job shows its speed over every variant, as jobs.summary computes it from the database.
    const job = Number(/job #(\d+)/.exec(feedText)![1]);
    const summary = (await workbench.call('jobs.summary', { id: job })) as { sequence_tokens_per_second?: number };
    expect(summary.sequence_tokens_per_second).toBeGreaterThan(0);
    const speed = progress.getByText('Tokens/s per sequence', { exact: true }).locator('xpath=following-sibling::dd');
    expect(await speed.innerText()).toBe(summary.sequence_tokens_per_second!.toFixed(1));
    await screenshot('generation-light');
  });

  it('pauses and resumes a larger job while the API keeps answering within 200 ms', async () => {
    // Node's first fetch loads its HTTP client: warm it up so that only the server is timed.
    await workbench.call('info.get');
    const form = page.getByRole('region', { name: 'Start a generation' });
    await form.getByLabel('Posts to rephrase').fill('40');
    await form.getByRole('button', { name: 'Start generation' }).click();
    const progress = page.getByRole('region', { name: 'Progress' });
    const counted = () => progress.getByText(/ of 120 variants$/).innerText();
    // Measured once generation is under way (the first model loaded), as a person would see it.
    await progress.getByText(/^([5-9]|\d{2,}) of 120 variants$/).waitFor({ timeout: 60_000 });

    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await workbench.call('info.get');
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`info.get during generation: ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms`);
    expect(Math.max(...latencies)).toBeLessThan(200);

    await progress.getByRole('button', { name: 'Pause' }).click();
    await progress.getByText('paused', { exact: true }).waitFor();
    await progress.getByText(/^Paused:/).waitFor();
    const pausedAt = await counted();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await counted()).toBe(pausedAt);
    await screenshot('generation-paused-light', false);

    await progress.getByRole('button', { name: 'Resume' }).click();
    await progress.getByText('running', { exact: true }).waitFor();
    await expect.poll(() => counted(), { timeout: 30_000 }).not.toBe(pausedAt);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await progress.getByText('cancelled', { exact: true }).waitFor();
  });

  it('switches to the dark theme and remembers it', async () => {
    const toggle = page.getByRole('button', { name: /Dark theme/ });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const lightBackground = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).not.toBe(lightBackground);
    await screenshot('generation-dark');

    await page.reload();
    await heading('Generation');
    expect(await page.getByRole('button', { name: /Dark theme/ }).getAttribute('aria-pressed')).toBe('true');
    await toPage('Datasets');
    await page
      .getByRole('figure', { name: 'Posts per category in sample' })
      .locator('.recharts-bar-rectangle')
      .first()
      .waitFor();
    await screenshot('datasets-dark');
    await toPage('Models');
    await page.getByRole('heading', { name: 'Registered models (3)' }).waitFor();
    await screenshot('models-dark');
  });

  // Last: the new dataset becomes the current one.
  it('names the delimiter it cannot tell, and imports once the reading options say it', async () => {
    await toPage('Datasets');
    await page.getByLabel('Dataset file').setInputFiles(path.join(ROOT, 'test', 'fixtures', 'bad', 'ambiguous-delimiter.csv'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Import failed' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('ambiguous-delimiter.csv:1: cannot tell the delimiter');
    // The failure opens the reading options, where the fix is.
    await page.getByLabel('CSV delimiter').selectOption('comma');
    await page.getByLabel('Region').fill('fr');
    await page.getByText('CSV columns').click();
    await page.getByLabel('Text', { exact: true }).fill('id;text');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 2 posts into “ambiguous-delimiter”/).waitFor();
  });
});

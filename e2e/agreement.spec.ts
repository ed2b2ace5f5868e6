import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { ROOT, type AppServer } from './fixtures/server';

const SHOTS = join(ROOT, 'test-results', 'agreement-screens');

// Fixture texts written for this test. Offsets below are UTF-16 (doccano's unit); every text here is BMP-only.
const CLASH = 'Militia fighters shelled the market in Kafr Dael on Sunday, and the army answered from the ridge.';
const ARABIC = 'قصفت طائرة مسيرة موقعا قرب مدينة الحسكة صباح الاثنين.';
const CALM = 'Police reported calm in Tal Rifaat after the ceasefire.';

const at = (text: string, part: string, label: string) => {
  const start = text.indexOf(part);
  if (start < 0) throw new Error(`"${part}" is not in the text`);
  return [start, start + part.length, label];
};

/** Two annotators' work as doccano JSONL: Ana and Bo agree on places, not on who fought. */
const WORK = {
  Ana: [
    {
      title: 'Clash at the market',
      text: CLASH,
      label: [at(CLASH, 'Militia fighters', 'ACTOR'), at(CLASH, 'Kafr Dael', 'LOCATION'), at(CLASH, 'the army', 'ACTOR')],
    },
    { title: 'Drone near Hasakah', text: ARABIC, label: [at(ARABIC, 'طائرة مسيرة', 'WEAPON'), at(ARABIC, 'مدينة الحسكة', 'LOCATION')] },
    { title: 'Calm day', text: CALM, label: [at(CALM, 'Tal Rifaat', 'LOCATION')] },
  ],
  Bo: [
    { title: 'Clash at the market', text: CLASH, label: [at(CLASH, 'Kafr Dael', 'LOCATION'), at(CLASH, 'the ridge', 'LOCATION')] },
    { title: 'Drone near Hasakah', text: ARABIC, label: [at(ARABIC, 'طائرة', 'WEAPON'), at(ARABIC, 'الحسكة', 'LOCATION')] },
    { title: 'Calm day', text: CALM, label: [at(CALM, 'Tal Rifaat', 'LOCATION')] },
  ],
};

async function waitForJob(server: AppServer, jobId: string): Promise<void> {
  for (;;) {
    const job = (await server.api('jobs.get', { jobId })).value as { state: string; error: unknown };
    if (job.state !== 'running') {
      expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Imports each annotator's file through the server's own API (an import marks their documents done). */
async function importWork(server: AppServer): Promise<void> {
  for (const [annotator, records] of Object.entries(WORK)) {
    const body = `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
    const upload = await fetch(`${server.url}upload?name=${annotator}.jsonl`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${server.token}` },
      body,
    });
    const handle = ((await upload.json()) as { value: { handle: string } }).value.handle;
    const started = await server.api('import.start', { handles: [handle], options: { annotator } });
    expect(started.ok, JSON.stringify(started.error)).toBe(true);
    await waitForJob(server, (started.value as { jobId: string }).jobId);
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

test('dashboard → drill-down → compare → adjudicate → gold export', async ({ page, server }) => {
  test.setTimeout(120_000);
  await importWork(server);
  await openAsNewAnnotator(page, server, 'Judge');

  // Dashboard: computed as a job, then the figures, the bars and the heat map.
  await page.getByRole('link', { name: 'Agreement' }).click();
  await page.getByRole('button', { name: 'Compute agreement' }).click();
  await expect(page.getByTestId('agreement-scope')).toContainText('Ana, Bo · 3 of');
  await expect(page.getByRole('button', { name: /Krippendorff's α/ })).toBeVisible();
  await expect(page.getByTestId('drill-total')).toHaveText('3 documents behind this figure');
  await shot(page, 'dashboard');

  // The report, written beside the database's exports: a self-contained page with its charts.
  await page.getByRole('button', { name: 'Write report' }).click();
  await expect(page.getByText(/^Report written to/)).toBeVisible();
  const reportFolder = readdirSync(join(server.dir, 'exports')).find((name) => name.includes('-agreement-'));
  expect(reportFolder).toBeDefined();
  const html = readFileSync(join(server.dir, 'exports', reportFolder!, 'agreement-report.html'), 'utf8');
  expect(html).toContain('<svg');
  expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);

  // A bar, by keyboard: ACTOR exact F1 leads to the one document where ACTOR spans differ.
  await page.getByTestId('bar-ACTOR-exact').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /ACTOR · exact span F1/ })).toBeFocused();
  await expect(page.getByTestId('drill-total')).toHaveText('1 documents behind this figure');
  const rows = page.locator('.awb-agreement-table tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Clash at the market');
  // A heat-map cell: the pair's documents, the calm one (no disagreement) among them.
  await page.getByTestId('heat-Ana-Bo').click();
  await expect(page.getByRole('heading', { name: /token agreement · Ana–Bo/ })).toBeVisible();
  await expect(page.getByTestId('drill-total')).toHaveText('3 documents behind this figure');
  await shot(page, 'drill-down');

  // Compare view of the Arabic document: lanes in right-to-left order.
  await page.getByRole('link', { name: 'Drone near Hasakah' }).click();
  await expect(page.getByRole('heading', { name: 'Drone near Hasakah' })).toBeVisible();
  await expect(page.getByTestId('lanes')).toHaveAttribute('dir', 'auto');
  expect(await page.getByTestId('lanes').evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
  await page.keyboard.press('n');
  await expect(page.locator('.awb-piece.is-current').first()).toBeVisible();
  await shot(page, 'compare-arabic');

  // Adjudicate the clash: next disagreement, take Ana's, then everything agreed, then done.
  await page.getByRole('link', { name: '← Dashboard' }).click();
  await page.getByRole('link', { name: 'Clash at the market' }).click();
  await expect(page.getByRole('heading', { name: 'Clash at the market' })).toBeVisible();
  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { name: /Place 1 of \d+ \(disagreement\)/ })).toBeVisible();
  await page.keyboard.press('1');
  await expect(page.getByTestId('compare-message')).toHaveText('Took Ana’s span here into gold.');
  await expect(page.getByTestId('gold-span')).toContainText('Militia fighters');
  await page.keyboard.press('g');
  await expect(page.getByTestId('compare-message')).toContainText('Accepted 1 agreed spans');
  // The ridge: Bo's LOCATION, edited to another granularity before it goes into gold.
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await expect(page.locator('.awb-decision .awb-quote').first()).toHaveText('“the ridge”');
  await page.keyboard.press('e');
  await page.getByLabel('granularity').selectOption('site');
  await page.getByRole('button', { name: 'Save to gold' }).click();
  await expect(page.getByTestId('compare-message')).toHaveText('Saved the edited gold span.');
  await shot(page, 'adjudication');
  await page.keyboard.press('d');
  await expect(page.getByTestId('compare-status')).toContainText('adjudicated by Judge');

  // Export the gold layer through the Export view; the file holds exactly the adjudicated spans.
  await page.getByRole('link', { name: 'Export' }).click();
  await page.getByLabel('Layer').selectOption('gold');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Export complete' })).toBeVisible({ timeout: 30_000 });
  const exportsDir = join(server.dir, 'exports');
  const folder = readdirSync(exportsDir).find((name) => name.includes('jsonl'));
  expect(folder).toBeDefined();
  const lines = readFileSync(join(exportsDir, folder!, 'data-00000.jsonl'), 'utf8')
    .trim()
    .split('\n');
  expect(lines).toHaveLength(1);
  const record = JSON.parse(lines[0]!) as { text: string; spans: { start: number; end: number; label: string; attributes: Record<string, unknown> }[] };
  expect(record.spans.map((span) => [span.label, [...record.text].slice(span.start, span.end).join(''), span.attributes.granularity ?? null])).toEqual([
    ['ACTOR', 'Militia fighters', null],
    ['LOCATION', 'Kafr Dael', null],
    ['LOCATION', 'the ridge', 'site'],
  ]);
  writeFileSync(join(SHOTS, 'gold-export.json'), `${lines[0]}\n`);
});

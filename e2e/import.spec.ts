import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { ROOT } from './fixtures/server';

const FIXTURES = join(ROOT, 'src', 'core', 'import', '__fixtures__');
const SHOTS = join(ROOT, 'test-results', 'import-screens');

/** A JSONL file of generated articles, large enough that the progress bar is seen. */
function writeArticles(path: string, count: number): void {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `Bulletin ${i}: artillery fire was reported near checkpoint ${i % 53} overnight, a spokesman said. `.repeat(10);
    lines.push(JSON.stringify({ id: `bulk-${i}`, title: `Bulletin ${i}`, source: 'Generated wire', text }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function documentTotal(server: { api: (method: string, input: unknown) => Promise<{ value?: unknown }> }): Promise<number> {
  const boot = (await server.api('app.bootstrap', {})).value as { project: { id: string } };
  return ((await server.api('documents.list', { projectId: boot.project.id, limit: 1 })).value as { total: number }).total;
}

test('import through the UI: header link, upload, field mapping with a preview, progress, summary, new documents listed', async ({ page, server }) => {
  await openAsNewAnnotator(page, server);
  const bulk = join(server.dir, 'bulletins.jsonl');
  writeArticles(bulk, 25_000);

  // The header link is reachable by keyboard.
  await page.getByRole('link', { name: 'Import' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Import articles' })).toBeFocused();
  await page.screenshot({ path: join(SHOTS, '1-choose.png') });

  await page.locator('#import-file-input').setInputFiles([join(FIXTURES, 'doccano.jsonl'), bulk]);
  await expect(page.getByRole('heading', { name: 'Map fields' })).toBeVisible();
  const preview = page.getByRole('table', { name: 'First documents' });
  await expect(preview).toContainText('Rockets fired at Erbil airbase');
  await expect(preview).toContainText('LOCATION');
  await expect(page.getByLabel('Text field')).toHaveValue('text');
  await page.getByLabel('Annotator for unattributed spans').fill('Rana');
  await expect(page.getByLabel('Title field')).toHaveValue('title');
  await page.screenshot({ path: join(SHOTS, '2-map.png'), fullPage: true });

  await page.getByRole('button', { name: 'Import 2 files' }).click();
  const bar = page.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('import-phase')).toContainText(/Reading bulletins\.jsonl · [1-9]\d?%/);
  await page.screenshot({ path: join(SHOTS, '3-progress.png') });

  await expect(page.getByRole('heading', { name: 'Import complete' })).toBeVisible({ timeout: 60_000 });
  const totals = page.getByRole('definition');
  await expect(totals.first()).toHaveText('25,002');
  await expect(page.getByRole('table', { name: 'Files' })).toContainText('doccano.jsonl');
  await expect(page.getByText('Annotators: Rana (new)')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, '4-summary.png'), fullPage: true });
  expect(await documentTotal(server)).toBe(25_008);

  await page.getByRole('button', { name: 'Go to the documents' }).click();
  await expect(page.getByRole('listbox', { name: 'Documents' })).toContainText('Rockets fired at Erbil airbase');
  await expect(page.getByRole('navigation', { name: 'Documents' })).toContainText('0 of 25008 done');
});

test('a dropped file is imported; a bad file is reported with its line and nothing is written', async ({ page, server }) => {
  await openAsNewAnnotator(page, server);
  await page.getByRole('link', { name: 'Import' }).click();
  const before = await documentTotal(server);
  // Drop a file onto the drop zone, as a file manager would.
  await page.getByTestId('import-dropzone').evaluate((zone) => {
    const data = new DataTransfer();
    data.items.add(new File(['{"text":"Sappers cleared mines near the dam."}\n{"text": 7}\n'], 'dropped.jsonl', { type: 'application/x-ndjson' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole('heading', { name: 'Map fields' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('dropped.jsonl, line 2, field text: expected the text as a string, got 7.');
  await expect(page.getByRole('button', { name: 'Import file' })).toBeDisabled();
  await page.screenshot({ path: join(SHOTS, '5-bad-file.png') });
  expect(await documentTotal(server)).toBe(before);
});

test('cancel leaves the database as it was', async ({ page, server }) => {
  await openAsNewAnnotator(page, server);
  const bulk = join(server.dir, 'many.jsonl');
  writeArticles(bulk, 120_000);
  const before = await documentTotal(server);
  await page.getByRole('link', { name: 'Import' }).click();
  await page.locator('#import-file-input').setInputFiles(bulk);
  await page.getByRole('button', { name: 'Import file' }).click();
  await expect(page.getByTestId('import-phase')).toContainText('Reading many.jsonl');
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await expect(page.getByRole('heading', { name: 'Import cancelled' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Nothing was written')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, '6-cancelled.png') });
  expect(await documentTotal(server)).toBe(before);
});

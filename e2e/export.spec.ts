import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { ROOT, type AppServer } from './fixtures/server';

const SHOTS = join(ROOT, 'test-results', 'export-screens');

/** Imports `count` generated articles with spans (doccano JSONL, annotator Rana) through the server's own API. */
async function importArticles(server: AppServer, count: number): Promise<void> {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `Bulletin ${i}: rockets struck Erbil 🚀 overnight and 3 guards were hurt, officials said. ${'Shelling continued near the dam. '.repeat(20)}`;
    const erbil = text.indexOf('Erbil');
    const three = text.indexOf('3 guards');
    lines.push(
      JSON.stringify({
        id: `bulk-${i}`,
        title: `Bulletin ${i}`,
        text,
        label: [
          [erbil, erbil + 5, 'LOCATION'],
          [three, three + 1, 'CASUALTY_COUNT'],
        ],
      }),
    );
  }
  const file = join(server.dir, 'bulk.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const upload = await fetch(`${server.url}upload?name=bulk.jsonl`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${server.token}` },
    body: readFileSync(file),
  });
  const handle = ((await upload.json()) as { value: { handle: string } }).value.handle;
  const started = (await server.api('import.start', { handles: [handle], options: { annotator: 'Rana' } })).value as { jobId: string };
  for (;;) {
    const job = (await server.api('jobs.get', { jobId: started.jobId })).value as { state: string };
    if (job.state !== 'running') {
      expect(job.state).toBe('succeeded');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('export through the UI: choices, progress bar, summary with a chart, the files on disk checked', async ({ page, server }) => {
  test.setTimeout(180_000);
  await importArticles(server, 40_000);
  await openAsNewAnnotator(page, server);

  await page.getByRole('link', { name: 'Export' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Export a dataset' })).toBeFocused();
  await expect(page.getByTestId('export-default-folder')).toHaveText(join(server.dir, 'exports'));
  // Imported documents have no status yet: take "to do" too.
  await page.getByRole('checkbox', { name: 'To do' }).check();
  await page.getByRole('checkbox', { name: 'Split into train / dev / test' }).check();
  await page.getByLabel('Seed').fill('42');
  await page.getByLabel('Documents per file').fill('10000');
  // A one-annotator format with "every annotator" is refused before it starts.
  await page.getByRole('radio', { name: /CoNLL-2003 BIO/ }).check();
  await expect(page.getByText('This format holds one annotator’s spans')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
  await page.getByRole('radio', { name: /Canonical JSONL/ }).check();
  await page.screenshot({ path: join(SHOTS, '1-choices.png'), fullPage: true });

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
  await expect(page.getByTestId('export-phase')).toContainText(/Writing canonical JSONL · \d+% · [\d,]+ of 40,006 documents/);
  await page.screenshot({ path: join(SHOTS, '2-progress.png') });

  await expect(page.getByRole('heading', { name: 'Export complete' })).toBeVisible({ timeout: 120_000 });
  const totals = page.getByRole('definition');
  await expect(totals.nth(0)).toHaveText('40,006');
  await expect(totals.nth(2)).toHaveText('80,000');
  await expect(page.getByRole('list', { name: 'Spans per label' })).toContainText('LOCATION');
  await expect(page.getByText('Nothing was dropped.')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, '3-summary.png'), fullPage: true });

  // The files on disk: every file the manifest lists, with its SHA-256; the split and shards.
  const folder = (await page.getByTestId('export-folder').textContent()) ?? '';
  expect(folder.startsWith(join(server.dir, 'exports'))).toBe(true);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as {
    format: string;
    offset_unit: string;
    counts: { documents: number; spans: number; documents_per_split: Record<string, number> };
    files: { path: string; sha256: string; bytes: number; documents: number }[];
  };
  expect(manifest).toMatchObject({ format: 'awb-canonical-jsonl', offset_unit: 'codepoint', counts: { documents: 40_006, spans: 80_000 } });
  for (const file of manifest.files) {
    const data = readFileSync(join(folder, file.path));
    expect(createHash('sha256').update(data).digest('hex'), file.path).toBe(file.sha256);
    expect(data.length).toBe(file.bytes);
  }
  const split = manifest.counts.documents_per_split;
  expect((split.train ?? 0) + (split.dev ?? 0) + (split.test ?? 0)).toBe(40_006);
  expect(split.train ?? 0).toBeGreaterThan(30_000);
  expect(readdirSync(join(folder, 'train')).sort()).toEqual(['data-00000.jsonl', 'data-00001.jsonl', 'data-00002.jsonl', 'data-00003.jsonl']);
  expect(manifest.files.filter((file) => file.path.startsWith('train/')).every((file) => file.documents <= 10_000)).toBe(true);
  expect(readFileSync(join(folder, 'README.md'), 'utf8')).toContain('Offsets count **Unicode code points**');
  // And Python agrees with every offset.
  const python = spawnSync('python3', [join(ROOT, 'scripts', 'verify-export.py'), folder], { encoding: 'utf8' });
  expect(python.stdout).toContain('ok: awb-canonical-jsonl');
});

test('cancel removes what the export had written', async ({ page, server }) => {
  test.setTimeout(180_000);
  await importArticles(server, 40_000);
  await openAsNewAnnotator(page, server);
  await page.getByRole('link', { name: 'Export' }).click();
  await page.getByRole('checkbox', { name: 'To do' }).check();
  await page.getByRole('radio', { name: /spaCy/ }).check();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('export-phase')).toContainText('Writing spaCy JSONL');
  await page.getByRole('button', { name: 'Cancel export' }).click();
  await expect(page.getByRole('heading', { name: 'Export cancelled' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('The files it had written were removed.')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, '4-cancelled.png') });
  expect(readdirSync(join(server.dir, 'exports'))).toEqual([]);
});

import { createServer, type Server } from 'node:http';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page, type TestInfo } from '@playwright/test';
import { holdLock } from '../src/core/testing/processes';
import { expect, openAsNewAnnotator, placeCaret, test } from './fixtures/app';
import { startAppServer, type AppServer } from './fixtures/server';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** Selects the word `word` in the open document and presses a label key. */
async function labelWord(page: Page, word: string, key: string): Promise<void> {
  await placeCaret(page, word, 0);
  for (let i = 0; i < [...word].length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press(key);
}

async function openFirstDocument(page: Page): Promise<void> {
  await page.getByRole('listbox', { name: 'Documents' }).getByRole('option').first().click();
  await expect(page.locator('#document-title')).toHaveText('Drone strike on Jordan outpost kills three US soldiers');
}

async function spanIds(server: AppServer): Promise<{ id: string; quote: string }[]> {
  const boot = (await server.api('app.bootstrap', {})).value as { project: { id: string } };
  const rows = ((await server.api('documents.list', { projectId: boot.project.id })).value as { rows: { id: string }[] }).rows;
  const spans = await server.api('annotations.list', { documentId: rows[0]?.id });
  return spans.value as { id: string; quote: string }[];
}

test.describe('Content Security Policy in the browser', () => {
  test('an injected inline handler does not run', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
      const image = document.createElement('div');
      // What a stored-XSS payload in a document title or attribute would try.
      image.innerHTML = '<img src="x-does-not-exist.png" onerror="window.awbInjected = 1">';
      const errored = new Promise<boolean>((resolve) => {
        image.querySelector('img')?.addEventListener('error', () => resolve(true));
        setTimeout(() => resolve(false), 3000);
      });
      document.body.append(image);
      const didError = await errored;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { didError, injected: (window as { awbInjected?: unknown }).awbInjected, violations };
    });
    // The image really failed to load, so the handler would have run without the policy.
    expect(outcome.didError).toBe(true);
    expect(outcome.injected).toBeUndefined();
    expect(outcome.violations.some((directive) => directive.startsWith('script-src'))).toBe(true);
  });

  test('fetch to any other origin fails, and the other server never hears of it', async ({ page, server }) => {
    let requests = 0;
    const other: Server = createServer((_request, response) => {
      requests++;
      response.writeHead(200, { 'access-control-allow-origin': '*' }).end('leaked');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      await openAsNewAnnotator(page, server);
      const results = await page.evaluate(
        async (urls) => {
          const outcomes: string[] = [];
          for (const url of urls) {
            try {
              await fetch(url);
              outcomes.push(`fetched ${url}`);
            } catch {
              outcomes.push('blocked');
            }
          }
          return outcomes;
        },
        [`http://127.0.0.1:${port}/`, `http://localhost:${new URL(server.url).port}/api/app.bootstrap`, 'https://example.com/'],
      );
      expect(results).toEqual(['blocked', 'blocked', 'blocked']);
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

test.describe('backups from the window', () => {
  test('back up now, then restore: the later span is gone and the state before the restore is kept', async ({ page, server }, testInfo) => {
    await openAsNewAnnotator(page, server);
    await openFirstDocument(page);
    await labelWord(page, 'Tower', 'l');
    await expect(page.locator('.awb-span[data-label="LOCATION"]')).toHaveText('Tower');

    await page.getByRole('button', { name: 'Backups' }).click();
    const dialog = page.getByRole('dialog', { name: 'Backups' });
    await dialog.getByRole('button', { name: 'Back up now' }).click();
    await expect(dialog.getByRole('status')).toContainText('integrity checked');
    await expect(dialog.getByRole('row').filter({ hasText: 'Made by you' })).toHaveCount(1);
    await screenshot(page, testInfo, 'backups-dialog');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await labelWord(page, 'Jordan', 'l');
    await expect(page.locator('.awb-span')).toHaveCount(2);

    await page.getByRole('button', { name: 'Backups' }).click();
    await dialog
      .getByRole('row')
      .filter({ hasText: 'Made by you' })
      .getByRole('button', { name: /Restore the backup/ })
      .click();
    await screenshot(page, testInfo, 'backups-confirm');
    await dialog.getByRole('button', { name: 'Yes, restore' }).click();

    await openFirstDocument(page);
    await expect(page.locator('.awb-span')).toHaveCount(1);
    await expect(page.locator('.awb-span[data-label="LOCATION"]')).toHaveText('Tower');
    await page.getByRole('button', { name: 'Backups' }).click();
    await expect(dialog.getByRole('row').filter({ hasText: 'Before a restore' })).toHaveCount(1);
    expect((await spanIds(server)).map((span) => span.quote)).toEqual(['Tower']);
  });
});

test.describe('a database that will not take changes', () => {
  test('locked by another program: the save is refused with a banner, nothing is lost, and it saves once released', async ({ page, server }, testInfo) => {
    await openAsNewAnnotator(page, server);
    await openFirstDocument(page);
    await labelWord(page, 'Tower', 'l');
    await expect(page.locator('.awb-span')).toHaveCount(1);

    const lock = await holdLock(server.dbPath, 'write');
    try {
      await labelWord(page, 'Jordan', 'l');
      const banner = page.getByTestId('storage-banner');
      await expect(banner).toContainText('locked by another program', { timeout: 15_000 });
      await expect(banner).toContainText('Everything saved before is safe');
      await expect(page.locator('.awb-span')).toHaveCount(1);
      // The refused span was drawn as unsaved while it waited; it is gone, not left looking half-saved.
      await expect(page.locator('.awb-unsaved-span')).toHaveCount(0);
      await screenshot(page, testInfo, 'banner-locked');
    } finally {
      await lock.release();
    }
    await page.getByTestId('storage-banner').getByRole('button', { name: 'Dismiss' }).click();
    await labelWord(page, 'Jordan', 'l');
    await expect(page.locator('.awb-span')).toHaveCount(2);
    expect((await spanIds(server)).map((span) => span.quote).sort()).toEqual(['Jordan', 'Tower']);
  });
});

base.describe('start-up with a problem database', () => {
  base('read-only file: the app opens read-only with a banner, and a change is refused without touching the file', async ({ page }, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'awb-e2e-ro-'));
    try {
      const first = await startAppServer({ dir });
      await first.api('annotators.setLocal', { name: 'Reader' });
      await first.stop();
      const dbPath = join(dir, 'workbench.db');
      chmodSync(dbPath, 0o444);
      chmodSync(dir, 0o777);
      const before = sha256(dbPath);
      // Root may write any file, so as root the server runs as nobody for the permission to bite.
      const server = await startAppServer({ dir, ...(process.getuid?.() === 0 ? { as: { uid: 65534, gid: 65534, env: { HOME: dir } } } : {}) });
      try {
        await page.goto(server.appUrl);
        const banner = page.getByTestId('storage-banner');
        await expect(banner).toContainText('Read-only: changes cannot be saved.');
        await openFirstDocument(page);
        await labelWord(page, 'Tower', 'l');
        await expect(page.getByRole('alert').filter({ hasText: 'not saved' }).first()).toBeVisible();
        await expect(page.locator('.awb-span')).toHaveCount(0);
        await screenshot(page, testInfo, 'banner-read-only');
      } finally {
        await server.stop();
      }
      expect(sha256(dbPath)).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  base('damaged header: the window explains, offers the last good backup, and restoring it brings the work back', async ({ page }, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'awb-e2e-damaged-'));
    try {
      const first = await startAppServer({ dir });
      await first.api('annotators.setLocal', { name: 'Restorer' });
      expect((await first.api('backups.create', {})).ok).toBe(true);
      await first.stop();
      const dbPath = join(dir, 'workbench.db');
      const bytes = readFileSync(dbPath);
      bytes.write('definitely not SQLite any more', 0);
      writeFileSync(dbPath, bytes);
      const damaged = sha256(dbPath);

      const server = await startAppServer({ dir });
      try {
        await page.goto(server.appUrl);
        await expect(page.getByRole('heading', { name: 'The database is damaged' })).toBeVisible();
        await expect(page.getByRole('alert').first()).toContainText('The last good backup is');
        await screenshot(page, testInfo, 'recovery-screen');
        expect(sha256(dbPath)).toBe(damaged);
        await page.getByRole('button', { name: /Restore the last good backup/ }).click();
        await expect(page.getByRole('listbox', { name: 'Documents' })).toBeVisible();
        await expect(page.locator('.awb-user')).toHaveText('Restorer');
      } finally {
        await server.stop();
      }
      // The damaged file was kept, byte for byte, beside the backups.
      const kept = readdirSync(join(dir, 'backups')).filter((file) => file.includes('.damaged.'));
      expect(kept.map((file) => sha256(join(dir, 'backups', file)))).toContain(damaged);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { holdCalls } from './fixtures/holdCalls';
import type { AppServer } from './fixtures/server';
import { apiValue, documentByTitle, documentList, openDocument } from './fixtures/editor';

/** Adds many small documents straight into the database (as an import would), numbered from 1. */
function addManyDocuments(server: AppServer, count: number): void {
  const db = new Database(server.dbPath);
  try {
    db.pragma('busy_timeout = 5000');
    const { id: projectId } = db.prepare('SELECT id FROM project').get() as { id: string };
    const insert = db.prepare(
      `INSERT INTO document (id, project_id, title, source, published_at, text_sha256, char_count, created_at, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 1; i <= count; i++) {
        const text = `Generated report number ${i} about shelling near checkpoint ${i % 97}.`;
        const number = String(i).padStart(5, '0');
        insert.run(
          randomUUID(),
          projectId,
          `Report ${number}`,
          `Wire ${i % 7}`,
          '2023-05-01',
          createHash('sha256').update(text).digest('hex'),
          text.length,
          'now',
          text,
        );
      }
    })();
  } finally {
    db.close();
  }
}

test.describe('5. documents', () => {
  test('the list shows title, source, date and status; filters, sorts and moves by keyboard', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    const list = documentList(page);
    const first = list.getByRole('option').first();
    await expect(first).toContainText('Drone strike on Jordan outpost');
    await expect(first).toContainText('Workbench demo desk');
    await expect(first).toContainText('2024-01-29');
    await expect(first).toContainText('To do');
    await expect(page.getByTestId('list-count')).toHaveText('6 documents');

    await page.getByLabel('Sort by').selectOption('title');
    await expect(list.getByRole('option').first()).toContainText('Ballistic missiles');
    await page.getByRole('button', { name: /Ascending; switch to descending/ }).click();
    await expect(list.getByRole('option').first()).toContainText('مقتل');
    await page.getByLabel('Sort by').selectOption('date');
    await expect(list.getByRole('option').first()).toContainText('2024-02-10');

    await page.getByLabel('Filter documents by title or source').fill('Baghdad');
    await expect(page.getByTestId('list-count')).toHaveText('1 document');
    await list.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#document-title')).toContainText("Kata'ib Hezbollah");
    await page.getByLabel('Filter documents by title or source').fill('');
    await expect(page.getByTestId('list-count')).toHaveText('6 documents');

    await page.getByLabel('Sort by').selectOption('order');
    await page.getByRole('button', { name: /Descending; switch to ascending/ }).click();
    await expect(list.getByRole('option').first()).toContainText('Drone strike on Jordan outpost');
    // The open document is found in the new order and made the active row.
    await expect(list.locator('.awb-docrow.is-active.is-open')).toContainText("Kata'ib Hezbollah");
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await expect(page.locator('#document-title')).toContainText('US bombs 85 targets');
  });

  test('keys move to the next and previous document and mark done or skipped, per annotator, with the corpus progress', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    await openDocument(page, 'Drone strike on Jordan outpost');
    await page.locator('.awb-editor').focus();
    await page.keyboard.press('Alt+ArrowDown');
    await expect(page.locator('#document-title')).toContainText('US bombs 85 targets');
    await page.keyboard.press('Alt+ArrowUp');
    await expect(page.locator('#document-title')).toContainText('Drone strike on Jordan outpost');

    await page.keyboard.press('Control+Enter');
    await expect(page.locator('#document-title')).toContainText('US bombs 85 targets');
    await expect(page.getByTestId('progress-text')).toHaveText('1 of 6 done');
    await page.locator('.awb-editor').focus();
    await page.keyboard.press('Control+Shift+Enter');
    await expect(page.locator('#document-title')).toContainText("Kata'ib Hezbollah");
    await expect(page.getByTestId('progress-text')).toHaveText('1 of 6 done · 1 skipped');
    await expect(page.getByRole('progressbar', { name: 'Corpus progress' })).toHaveAttribute('aria-valuenow', '2');

    const list = documentList(page);
    await expect(list.getByRole('option').filter({ hasText: 'Drone strike on Jordan' })).toContainText('Done');
    await expect(list.getByRole('option').filter({ hasText: 'US bombs' })).toContainText('Skipped');
    await page.getByLabel('Status filter').selectOption('done');
    await expect(page.getByTestId('list-count')).toHaveText('1 document');

    // Stored per annotator, with a revision that rises on every change.
    const drone = await documentByTitle(server, 'Drone strike');
    expect(await apiValue(server, 'documents.setStatus', { documentId: drone.id, status: 'skipped' })).toMatchObject({ status: 'skipped', revision: 2 });
    expect(await apiValue(server, 'documents.get', { id: drone.id })).toMatchObject({ status: 'skipped' });
  });

  test('thousands of documents: only the rows on screen exist, and any row is reached from SQLite a page at a time', async ({ page, server }) => {
    addManyDocuments(server, 5000);
    await openAsNewAnnotator(page, server);
    await expect(page.getByTestId('list-count')).toHaveText('5,006 documents');
    const list = documentList(page);
    const rendered = await list.getByRole('option').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    await list.focus();
    await page.keyboard.press('End');
    await expect(list.getByRole('option').filter({ hasText: 'Report 05000' })).toBeVisible();
    expect(await list.getByRole('option').count()).toBeLessThan(60);
    await page.keyboard.press('Enter');
    await expect(page.locator('#document-title')).toHaveText('Report 05000');
    await page.getByLabel('Filter documents by title or source').fill('Report 0420');
    await expect(page.getByTestId('list-count')).toHaveText('10 documents');
    await page.getByLabel('Sort by').selectOption('title');
    await page.getByRole('button', { name: /Ascending; switch to descending/ }).click();
    await expect(list.getByRole('option').first()).toContainText('Report 04209');
  });

  test('keys pressed while the list is still loading are acted on once it arrives', async ({ page, server }) => {
    addManyDocuments(server, 5000);
    // Pages are held back (the real answers, delayed) until the keys have been pressed.
    const calls = await holdCalls(page);
    const holdPages = () => calls.hold('documents.list');
    const release = () => calls.release();
    await openAsNewAnnotator(page, server);
    await expect(page.getByTestId('list-count')).toHaveText('5,006 documents');
    const list = documentList(page);

    // Enter on a row whose page has not arrived opens it when it does.
    holdPages();
    await list.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect(page.locator('#document-title')).toHaveCount(0);
    release();
    await expect(page.locator('#document-title')).toHaveText('Report 05000');

    // Keys pressed before a new filter's first page arrives are replayed in order.
    holdPages();
    await page.getByLabel('Filter documents by title or source').fill('Report 0420');
    await expect(page.getByTestId('list-count')).toHaveText('Loading…');
    await list.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    release();
    await expect(page.getByTestId('list-count')).toHaveText('10 documents');
    await expect(page.locator('#document-title')).toHaveText('Report 04202');
  });
});

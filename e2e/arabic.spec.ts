import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { codePointIndex, documentByTitle, openDocument, pySlice, rectOf, selectText, spansOf } from './fixtures/editor';

const ARABIC = 'مقتل ثلاثة جنود';

test.describe('8. right-to-left', () => {
  test('an Arabic article opens right to left, is selected and annotated, and saved with code-point offsets', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    await openDocument(page, ARABIC);
    const paragraphs = page.locator('.awb-editor p');
    await expect(paragraphs.first()).toHaveAttribute('dir', 'auto');
    expect(await paragraphs.nth(1).evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');

    // A name by keyboard selection.
    await selectText(page, 'جو بايدن');
    await page.keyboard.press('a');
    await expect(page.locator('.awb-span[data-label="ACTOR"]')).toHaveText('جو بايدن');
    // A count, pre-filled from its Arabic qualifier.
    await selectText(page, 'ما لا يقل عن 34');
    await page.keyboard.press('c');
    await expect(page.getByTestId('attributes-panel').getByLabel('qualifier')).toHaveValue('at_least');
    await expect(page.getByTestId('attributes-panel').getByLabel('value')).toHaveValue('34');

    const { id, text } = await documentByTitle(server, ARABIC);
    const spans = await spansOf(server, id);
    expect(spans.map((span) => [span.label, span.start, span.end, pySlice(text, span.start, span.end)])).toEqual([
      ['CASUALTY_COUNT', codePointIndex(text, 'ما لا يقل عن 34'), codePointIndex(text, 'ما لا يقل عن 34') + 15, 'ما لا يقل عن 34'],
      ['ACTOR', codePointIndex(text, 'جو بايدن'), codePointIndex(text, 'جو بايدن') + 8, 'جو بايدن'],
    ]);
  });

  test('a line mixing Arabic, Latin and digits renders in order and a mouse drag across it selects the right text', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    await openDocument(page, ARABIC);
    // Latin inside Arabic: the acronym is drawn left to right inside the right-to-left line.
    const latin = await rectOf(page, 'CENTCOM');
    const arabicBefore = await rectOf(page, 'الأمريكية (');
    expect(latin.right).toBeLessThan(arabicBefore.left + 1);
    await selectText(page, 'CENTCOM');
    await page.keyboard.press('a');
    await expect(page.locator('.awb-span[data-label="ACTOR"]')).toHaveText('CENTCOM');

    // Drag across Arabic and digits: in a right-to-left line the drag runs from right to left.
    const target = await rectOf(page, 'البرج 22');
    const y = (target.top + target.bottom) / 2;
    await page.mouse.move(target.right - 3, y);
    await page.mouse.down();
    await page.mouse.move((target.left + target.right) / 2, y, { steps: 4 });
    await page.mouse.move(target.left + 2, y, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.press('l');
    await expect(page.locator('.awb-span[data-label="LOCATION"]')).toHaveText('البرج 22');

    const { id, text } = await documentByTitle(server, ARABIC);
    const location = (await spansOf(server, id)).find((span) => span.label === 'LOCATION');
    expect(location && pySlice(text, location.start, location.end)).toBe('البرج 22');
    expect(location?.start).toBe(codePointIndex(text, 'البرج 22'));
  });

  test('offsets after emoji and ZWJ sequences are code points, as Python counts them', async ({ page, server }) => {
    const text = 'Field note 👨‍👩‍👧 🇮🇶 from Mosul: a drone struck near the bridge.';
    const db = new Database(server.dbPath);
    const { id: projectId } = db.prepare('SELECT id FROM project').get() as { id: string };
    db.prepare(
      `INSERT INTO document (id, project_id, title, source, published_at, text_sha256, char_count, created_at, text) VALUES (?, ?, 'Emoji note', NULL, NULL, ?, ?, 'now', ?)`,
    ).run(randomUUID(), projectId, createHash('sha256').update(text).digest('hex'), [...text].length, text);
    db.close();
    await openAsNewAnnotator(page, server);
    await openDocument(page, 'Emoji note');
    await selectText(page, 'Mosul');
    await page.keyboard.press('l');
    await expect(page.locator('.awb-span')).toHaveCount(1);
    await selectText(page, 'drone');
    await page.keyboard.press('w');
    // A span is drawn once its write is committed: read the database after that, not before.
    await expect(page.locator('.awb-span')).toHaveCount(2);
    const { id } = await documentByTitle(server, 'Emoji note');
    const spans = await spansOf(server, id);
    expect(spans.map((span) => [span.start, span.end])).toEqual([
      [codePointIndex(text, 'Mosul'), codePointIndex(text, 'Mosul') + 5],
      [codePointIndex(text, 'drone'), codePointIndex(text, 'drone') + 5],
    ]);
    // The UTF-16 index differs (the family emoji is 8 units, 5 code points; the flag 4 units, 2 code points).
    expect(text.indexOf('Mosul') - codePointIndex(text, 'Mosul')).toBe(5);
    expect(spans.map((span) => pySlice(text, span.start, span.end))).toEqual(['Mosul', 'drone']);
  });
});

import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { documentByTitle, findHighlights, openDocument, spansOf } from './fixtures/editor';

test.describe('6. search', () => {
  test('Ctrl+F highlights every hit in the document and Enter walks them; the current hit can be labelled', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    await openDocument(page, 'Drone strike on Jordan outpost');
    await page.locator('.awb-editor').focus();
    await page.keyboard.press('Control+f');
    await expect(page.getByLabel('Find', { exact: true })).toBeFocused();
    await page.keyboard.type('drone');
    await expect(page.getByTestId('find-count')).toHaveText('1 of 3');
    await expect.poll(() => findHighlights(page)).toMatchObject({ current: ['Drone'], others: ['drone', 'drone'] });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('find-count')).toHaveText('2 of 3');
    await expect.poll(() => findHighlights(page)).toMatchObject({ current: ['drone'], others: ['Drone', 'drone'] });
    await page.keyboard.press('Shift+Enter');
    await expect(page.getByTestId('find-count')).toHaveText('1 of 3');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('find-count')).toHaveText('3 of 3');
    // Esc closes the bar and returns to the text with the hit selected: a label key labels it.
    await page.keyboard.press('Escape');
    await expect.poll(() => findHighlights(page)).toMatchObject({ current: [], others: [] });
    await page.keyboard.press('w');
    await expect(page.locator('.awb-span[data-label="WEAPON"]')).toHaveText('drone');
    const { id, text } = await documentByTitle(server, 'Drone strike');
    const [span] = await spansOf(server, id);
    expect(span?.start).toBe(text.lastIndexOf('drone'));
  });

  test('full-text search over the corpus opens the document scrolled to the hit', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    await page.setViewportSize({ width: 1400, height: 420 });
    await page.keyboard.press('Control+Shift+F');
    const box = page.getByLabel('Search all documents');
    await expect(box).toBeFocused();
    await page.keyboard.type('orders');
    await expect(page.getByTestId('search-count')).toHaveText('1 document match');
    const hit = page.getByRole('listbox', { name: 'Search results' }).getByRole('option');
    await expect(hit).toContainText('Drone strike on Jordan outpost');
    await expect(hit.locator('mark')).toHaveText('orders');
    await page.keyboard.press('Enter');
    await expect(page.locator('#document-title')).toContainText('Drone strike on Jordan outpost');
    await expect.poll(() => findHighlights(page)).toEqual({ current: ['orders'], others: [], currentInViewport: true });

    // Arabic words are found too, and a prefix is enough.
    await box.fill('البنتاغ');
    await expect(hit).toContainText('مقتل ثلاثة جنود');
    await expect(page.getByTestId('search-count')).toHaveText('1 document match');
    await page.keyboard.press('Enter');
    await expect(page.locator('#document-title')).toContainText('مقتل ثلاثة جنود');
    await expect.poll(() => findHighlights(page)).toEqual({ current: ['البنتاغ'], others: [], currentInViewport: true });
    await box.fill('');
    await expect(page.getByRole('listbox', { name: 'Documents' })).toBeVisible();
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openAsNewAnnotator, placeCaret, test } from './fixtures/app';
import { apiValue, documentByTitle, openDocument, selectText, spansOf } from './fixtures/editor';
import { ROOT } from './fixtures/server';

const SHOTS = join(ROOT, 'test-results', 'suggestion-screens');
const DRONE = 'Drone strike on Jordan outpost';
const BOMBS = 'US bombs 85 targets';
const ARABIC = 'مقتل ثلاثة جنود';

/** The project's own fixture list (facts from the demo articles, our own file). */
const GAZETTEER = [
  'surface,label,variants,match,granularity,actor_type',
  'Jordan,LOCATION,الأردن,fold-alef ignore-diacritics,country,',
  'Tower 22,LOCATION,البرج 22,,site,',
  'Rukban camp,LOCATION,,ignore-case,site,',
  '',
].join('\n');

type Row = { source: string; accepted: number; rejected: number; offered: number };

test('gazetteer import, suggestions drawn apart from spans, accept and reject by keyboard, propagation to another document, report', async ({
  page,
  server,
}) => {
  await openAsNewAnnotator(page, server);
  const list = join(server.dir, 'demo-places.csv');
  writeFileSync(list, GAZETTEER);

  // The Suggestions view is a header link, reached by keyboard.
  await page.getByRole('link', { name: 'Suggestions' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Suggestions', level: 1 })).toBeFocused();
  await page.locator('#gazetteer-file-input').setInputFiles(list);
  await expect(page.getByTestId('suggestions-notice')).toHaveText('Imported gazetteer “demo-places”: 3 entries.');
  await expect(page.getByRole('table').first()).toContainText('LOCATION 3');
  await page.screenshot({ path: join(SHOTS, '1-gazetteer-imported.png'), fullPage: true });

  // Open an article: the list's places and the casualty counts are suggested, drawn dashed, not counted as spans.
  await page.getByRole('link', { name: 'Suggestions' }).click();
  await openDocument(page, DRONE);
  const drone = await documentByTitle(server, DRONE);
  await expect(page.locator('.awb-suggestion', { hasText: 'Tower 22' })).toBeVisible();
  await expect(page.locator('.awb-suggestion', { hasText: 'Jordan' }).first()).toBeVisible();
  await expect(page.locator('.awb-suggestion', { hasText: 'Three' }).first()).toHaveAttribute('data-label', 'CASUALTY_COUNT?');
  await expect(page.locator('.awb-span')).toHaveCount(0);
  await expect(page.locator('.awb-document-head')).toContainText('0 spans');
  await expect(page.getByTestId('suggestion-bar')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, '2-suggestions-drawn.png') });

  // Enter on a suggestion accepts it: a span with origin suggestion and its gazetteer as source.
  await placeCaret(page, 'Tower 22', 2);
  await page.keyboard.press('Enter');
  await expect(page.locator('.awb-span', { hasText: 'Tower 22' })).toBeVisible();
  await expect(page.locator('.awb-suggestion', { hasText: 'Tower 22' })).toHaveCount(0);
  const spans = await spansOf(server, drone.id);
  expect(spans.map((span) => [span.quote, span.label, (span as { origin?: string }).origin])).toEqual([['Tower 22', 'LOCATION', 'suggestion']]);
  expect(spans[0]?.attributes).toMatchObject({ granularity: 'site' });

  // X rejects the suggestion under the caret; it is not offered again, even after reopening.
  const jordans = await page.locator('.awb-suggestion', { hasText: 'Jordan' }).count();
  await placeCaret(page, 'Jordan', 1);
  await page.keyboard.press('x');
  await expect(page.locator('.awb-suggestion', { hasText: 'Jordan' })).toHaveCount(jordans - 1);

  // N moves to the next suggestion and Enter takes it.
  await placeCaret(page, 'Drone strike', 0);
  await page.keyboard.press('n');
  await expect(page.locator('.awb-suggestion.is-current')).toHaveCount(1);
  const current = (await page.locator('.awb-suggestion.is-current').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(page.locator('.awb-span', { hasText: current })).toHaveCount(1);
  await page.screenshot({ path: join(SHOTS, '3-accepted-and-rejected.png') });

  // Shift+X rejects every suggestion in view.
  const before = await page.locator('.awb-suggestion').count();
  await page.keyboard.press('Shift+X');
  await expect(page.getByRole('alert')).toContainText(/Rejected \d+ suggestions? in view/);
  await expect.poll(() => page.locator('.awb-suggestion').count()).toBeLessThan(before);

  // Propagation: a place labelled here is suggested in another article.
  await selectText(page, 'Syria', 1);
  await page.keyboard.press('l');
  await expect(page.locator('.awb-span', { hasText: /^Syria$/ })).toHaveCount(1);
  await openDocument(page, BOMBS);
  const propagated = page.locator('.awb-suggestion[title*="labelled elsewhere"]', { hasText: /^Syria$/ }).first();
  await expect(propagated).toBeVisible();
  await page.keyboard.press('Shift+Enter');
  await expect(page.locator('.awb-span', { hasText: /^Syria$/ }).first()).toBeVisible();

  // Right-to-left: the Arabic variant is suggested in the Arabic article.
  await openDocument(page, ARABIC);
  await expect(page.locator('.awb-suggestion', { hasText: 'الأردن' }).first()).toBeVisible();
  await page.screenshot({ path: join(SHOTS, '4-arabic.png') });

  // The report counts the answers per source.
  await page.getByRole('link', { name: 'Suggestions' }).click();
  await expect(page.getByTestId('report-chart')).toBeVisible();
  const report = await apiValue<{ sources: Row[] }>(server, 'suggestions.report', {});
  const gazetteer = report.sources.find((row) => row.source === 'gazetteer:demo-places');
  expect(gazetteer?.accepted).toBeGreaterThanOrEqual(1);
  expect(gazetteer?.rejected).toBeGreaterThanOrEqual(1);
  expect(report.sources.find((row) => row.source === 'propagation')?.accepted).toBeGreaterThanOrEqual(1);
  await expect(page.locator('tr[data-source="gazetteer:demo-places"]')).toContainText(String(gazetteer?.accepted));
  await page.screenshot({ path: join(SHOTS, '5-report.png'), fullPage: true });
});

test('label every occurrence in this document: preview, then one keypress', async ({ page, server }) => {
  await openAsNewAnnotator(page, server);
  await openDocument(page, DRONE);
  const drone = await documentByTitle(server, DRONE);
  await selectText(page, 'Iraq');
  await page.keyboard.press('l');
  await expect(page.locator('.awb-span', { hasText: /^Iraq$/ })).toHaveCount(1);
  await page.keyboard.press('*');
  const preview = page.getByRole('dialog', { name: /Label every occurrence of Iraq/ });
  await expect(preview).toBeVisible();
  const offered = await preview.getByRole('checkbox', { checked: true }).count();
  expect(offered).toBeGreaterThan(0);
  await page.screenshot({ path: join(SHOTS, '6-every-occurrence.png') });
  await page.keyboard.press('Enter');
  await expect(preview).toHaveCount(0);
  await expect.poll(async () => (await spansOf(server, drone.id)).filter((span) => span.quote === 'Iraq').length).toBe(offered + 1);
});

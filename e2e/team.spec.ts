import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { selectText } from './fixtures/editor';
import { ROOT, startAppServer, type AppServer } from './fixtures/server';

const SHOTS = join(ROOT, 'test-results', 'team-screens');

/** Goes to the Team view from the keyboard. */
async function openTeam(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Team' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: /^Team/ })).toBeFocused();
}

/** Plays one annotator on their own server and database: opens the package, makes a span, writes a bundle. Returns the bundle's path. */
async function playAnnotator(browser: Browser, server: AppServer, name: string, packageFile: string, shot: string): Promise<{ bundle: string; word: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openAsNewAnnotator(page, server, name);
  await openTeam(page);
  await page.getByTestId('package-input').setInputFiles(packageFile);
  await expect(page.getByTestId('package-inspected')).toContainText(`for ${name}`);
  // This installation already works as "name" (a new annotator of its own): taking on the lead's identity is asked for.
  const adopt = page.getByRole('checkbox', { name: new RegExp(`Work as ${name} from now on`) });
  await adopt.focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Open package' }).click();
  await expect(page.getByTestId('team-result')).toContainText('4 assigned to');
  await expect(page.getByTestId('member-' + name)).toContainText('(you)');
  await page.screenshot({ path: join(SHOTS, `${shot}-package-opened.png`), fullPage: true });

  // The queue is the four assigned documents, not the demo project nor the lead's whole corpus.
  await page.getByRole('link', { name: 'Team' }).click();
  const list = page.getByRole('listbox', { name: 'Documents' });
  await expect(list.getByRole('option')).toHaveCount(4);
  await list.getByRole('option').first().click();
  const word = await page.locator('.awb-editor').evaluate((editor) => /\p{L}{6,}/u.exec(editor.textContent ?? '')?.[0] ?? '');
  await selectText(page, word);
  await page.keyboard.press('l');
  await expect(page.locator('.awb-span[data-label="LOCATION"]').first()).toHaveText(word);

  await openTeam(page);
  await page.getByRole('button', { name: 'Write my bundle' }).click();
  const file = page.getByTestId('bundle-file');
  await expect(file).toBeVisible();
  await page.screenshot({ path: join(SHOTS, `${shot}-bundle-written.png`), fullPage: true });
  const bundle = (await file.textContent()) ?? '';
  await context.close();
  return { bundle, word };
}

test('lead hands out packages, two annotators work on their own databases, the lead merges their bundles', async ({ page, server, browser }) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  await openAsNewAnnotator(page, server, 'Lena Lead');
  await openTeam(page);
  for (const name of ['Ana', 'Ben', 'Cy']) {
    await page.getByLabel('New member').fill(name);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('checkbox', { name })).toBeChecked();
  }
  await page.getByLabel('Annotators per document (k)').fill('2');
  await page.getByLabel('Seed').fill('3');
  await page.screenshot({ path: join(SHOTS, '1-lead-team.png'), fullPage: true });
  await page.getByRole('button', { name: 'Write packages' }).click();
  await expect(page.getByTestId('team-result')).toContainText('3 packages (6 documents, each to 2)');
  await expect(page.getByTestId('member-Ana')).toContainText('4');
  await page.screenshot({ path: join(SHOTS, '2-lead-packages.png'), fullPage: true });
  const files = await page.getByTestId('package-file').allTextContents();
  const packageOf = (name: string) => files.find((file) => file.includes(`-${name.toLowerCase()}.awbpkg`)) ?? '';

  const anaServer = await startAppServer();
  const benServer = await startAppServer();
  try {
    const ana = await playAnnotator(browser, anaServer, 'Ana', packageOf('Ana'), '3-ana');
    const ben = await playAnnotator(browser, benServer, 'Ben', packageOf('Ben'), '4-ben');

    await page.getByTestId('bundle-input').setInputFiles([ana.bundle, ben.bundle]);
    await page.getByRole('button', { name: 'Merge 2 bundles' }).click();
    const report = page.getByTestId('merge-report');
    await expect(report).toBeVisible();
    await expect(page.getByTestId('team-result')).toContainText('2 bundles merged, 0 refused');
    await expect(page.getByTestId('member-Ana')).toContainText(ana.bundle.split('/').at(-1) ?? '');
    await expect(page.getByTestId('member-Ben')).toContainText('1 annotations');
    await expect(page.getByTestId('member-Cy')).toContainText('none yet');
    await page.screenshot({ path: join(SHOTS, '5-lead-merged.png'), fullPage: true });

    // The lead's database holds both spans with their authors; merging the same bundles again changes nothing.
    const spans = (await server.api('export.choices', {})).value as { annotators: { name: string; spans: number }[] };
    expect(spans.annotators.filter((annotator) => annotator.spans > 0).map((annotator) => [annotator.name, annotator.spans])).toEqual([
      ['Ana', 1],
      ['Ben', 1],
    ]);
    await page.getByTestId('bundle-input').setInputFiles([ben.bundle, ana.bundle]);
    await page.getByRole('button', { name: 'Merge 2 bundles' }).click();
    await expect(report.getByText('(merged before)')).toHaveCount(2);
  } finally {
    await anaServer.stop();
    await benServer.stop();
  }
});

import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { openDocument, selectText } from './fixtures/editor';

test.describe('7. guidelines beside the text', () => {
  test('label definitions, attributes, boundary rules and keys sit beside the text; an applied label shows its definition', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    await openDocument(page, 'Drone strike on Jordan outpost');
    const guidelines = page.getByRole('region', { name: 'Guidelines' });
    await expect(guidelines).toContainText('A named place, including named facilities');
    await expect(guidelines).toContainText('actor_type (required)');
    await expect(guidelines).toContainText('state_force, state_political');
    await guidelines.getByText('Boundary rules').click();
    await expect(guidelines).toContainText('Spans never overlap or nest, not even across labels.');
    await guidelines.getByText('Keys', { exact: true }).click();
    await expect(guidelines).toContainText('Ctrl+Shift+Z or Ctrl+Y');

    await selectText(page, 'at least 34');
    await page.keyboard.press('c');
    const applied = page.locator('.awb-applied');
    await expect(applied.getByRole('heading')).toHaveText('CASUALTY_COUNT');
    await expect(applied).toHaveClass(/is-fresh/);
    await expect(applied).toContainText('A number expression saying how many people were killed');
    await page.keyboard.press('w');
    await expect(applied.getByRole('heading')).toHaveText('WEAPON');
    await expect(applied).toContainText('Tag the instrument, not the attack noun');
  });
});

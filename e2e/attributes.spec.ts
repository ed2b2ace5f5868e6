import { expect, openAsNewAnnotator, test } from './fixtures/app';
import { changeSchema, documentByTitle, openDocument, selectText, spansOf } from './fixtures/editor';

const DRONE = 'Drone strike on Jordan outpost';

test.describe('4. attributes', () => {
  test('a CASUALTY_COUNT is pre-filled from its text and every value can be corrected by keyboard', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    await openDocument(page, DRONE);
    await selectText(page, 'at least 34');
    await page.keyboard.press('c');
    const panel = page.getByTestId('attributes-panel');
    await expect(panel.getByLabel('value')).toHaveValue('34');
    await expect(panel.getByLabel('qualifier')).toHaveValue('at_least');
    await expect(panel.getByLabel('status')).toHaveValue('killed');

    // Enter goes from the text to the panel; Tab walks every field; Esc goes back.
    await page.keyboard.press('Enter');
    await expect(panel.getByLabel('Label')).toBeFocused();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.id ?? ''));
    }
    expect(order).toEqual(['attr-value', 'attr-qualifier', 'attr-status', 'attr-victim_type', 'attr-scope', '']);
    await panel.getByLabel('value').focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('35');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await spansOf(server, (await documentByTitle(server, DRONE)).id))[0]?.attributes.value).toBe(35);
    // A list changes with the arrow keys, saved at once.
    await panel.getByLabel('status').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await spansOf(server, (await documentByTitle(server, DRONE)).id))[0]?.attributes.status).toBe('injured');
    await expect(panel.getByLabel('status')).toHaveValue('injured');
    await page.keyboard.press('Escape');
    await expect(page.locator('.awb-editor')).toBeFocused();

    // Number words too.
    await selectText(page, 'Three');
    await page.keyboard.press('4');
    await expect(panel.getByLabel('value')).toHaveValue('3');
    await expect(panel.getByLabel('qualifier')).toHaveValue('exact');
  });

  test('required attributes are marked, and missing ones are flagged on the document until set', async ({ page, server }) => {
    await openAsNewAnnotator(page, server);
    await openDocument(page, DRONE);
    await selectText(page, 'Pentagon');
    await page.keyboard.press('a');
    await selectText(page, 'Joe Biden');
    await page.keyboard.press('a');
    const panel = page.getByTestId('attributes-panel');
    await expect(panel.locator('label[for="attr-actor_type"] abbr')).toHaveAttribute('title', 'required');
    await expect(panel.getByLabel('actor type')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('.awb-span.is-incomplete')).toHaveCount(2);
    await expect(page.getByRole('button', { name: /2 spans lack a required attribute/ })).toBeVisible();

    // F8 visits the incomplete spans in order.
    await page.keyboard.press('Escape');
    await page.locator('.awb-editor').focus();
    // The caret sits after "Joe Biden", the last span, so F8 wraps round to the first incomplete one.
    await page.keyboard.press('F8');
    await expect(page.locator('.awb-span.is-selected')).toHaveText('Pentagon');
    await panel.getByLabel('actor type').selectOption('state_political');
    await expect(page.locator('.awb-span.is-incomplete')).toHaveCount(1);
    await expect(page.getByRole('button', { name: /1 span lacks a required attribute/ })).toBeVisible();
    await page.locator('.awb-editor').focus();
    await page.keyboard.press('F8');
    await expect(page.locator('.awb-span.is-selected')).toHaveText('Joe Biden');
    await panel.getByLabel('actor type').selectOption('state_political');
    await expect(page.locator('.awb-span.is-incomplete')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /lack/ })).toBeHidden();
  });

  test('boolean and free-text attributes get a checkbox and a text field', async ({ page, server }) => {
    changeSchema(server, (schema) => {
      const labels = schema.labels as { name: string; attributes: unknown[] }[];
      labels
        .find((label) => label.name === 'WEAPON')
        ?.attributes.push(
          { name: 'confirmed', type: 'boolean', required: false, description: 'Named by an official source.' },
          { name: 'note', type: 'text', required: false, maxLength: 200, description: 'Anything the next reader needs.' },
        );
    });
    await openAsNewAnnotator(page, server);
    await openDocument(page, DRONE);
    await selectText(page, 'drone', 0);
    await page.keyboard.press('w');
    const panel = page.getByTestId('attributes-panel');
    await panel.getByLabel('category').selectOption('uav_drone');
    const { id } = await documentByTitle(server, DRONE);
    await expect.poll(async () => (await spansOf(server, id))[0]?.attributes.category).toBe('uav_drone');
    await panel.getByLabel('confirmed').focus();
    await page.keyboard.press('Space');
    await expect(panel.getByLabel('confirmed')).toBeChecked();
    await panel.getByLabel('note').fill('one-way attack drone');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await spansOf(server, id))[0]?.attributes).toEqual({ category: 'uav_drone', confirmed: true, note: 'one-way attack drone' });
  });
});

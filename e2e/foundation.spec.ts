import type { Page } from '@playwright/test';
import { expect, openAsNewAnnotator, placeCaret, test } from './fixtures/app';

test('a span made by keyboard is saved, drawn in its label colour, and still there after a reload', async ({ page, server }) => {
  await openAsNewAnnotator(page, server);

  const list = page.getByRole('listbox', { name: 'Documents' });
  await list.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#document-title')).toHaveText('Drone strike on Jordan outpost kills three US soldiers');

  // Caret inside "Tower", then Shift+Right over "ower 22": snapping widens it to "Tower 22".
  await placeCaret(page, 'Tower 22', 1);
  for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('2');

  const span = page.locator('.awb-span[data-label="LOCATION"]');
  await expect(span).toHaveText('Tower 22');
  await expect(page.getByTestId('save-indicator')).toContainText('Saved');
  // Retried: the text around the span can be redrawn after it first appears (suggestions arriving
  // for the document), and an element replaced between finding and reading it has no style.
  await expect(span).toHaveCSS('border-bottom-color', 'rgb(0, 158, 115)');

  await page.reload();
  await expect(page.locator('#document-title')).toHaveText('Drone strike on Jordan outpost kills three US soldiers');
  await expect(page.locator('.awb-span[data-label="LOCATION"]')).toHaveText('Tower 22');

  // The database holds code-point offsets whose slice is the span text.
  const boot = await server.api('app.bootstrap', {});
  const projectId = (boot.value as { project: { id: string } }).project.id;
  const page1 = await server.api('documents.list', { projectId });
  const documentId = (page1.value as { rows: { id: string; title: string }[] }).rows.find((row) => row.title.startsWith('Drone strike'))?.id;
  const document = (await server.api('documents.get', { id: documentId })).value as { text: string };
  const spans = (await server.api('annotations.list', { documentId })).value as { start: number; end: number; label: string; quote: string }[];
  expect(spans).toHaveLength(1);
  expect(spans[0]).toMatchObject({ label: 'LOCATION', quote: 'Tower 22' });
  expect([...document.text].slice(spans[0]?.start, spans[0]?.end).join('')).toBe('Tower 22');
});

test('the document list moves with the keyboard and shows status', async ({ page, server }) => {
  await openAsNewAnnotator(page, server);
  const list = page.getByRole('listbox', { name: 'Documents' });
  // Keys pressed before the rows arrive move nothing; wait for them (this raced under load).
  await expect(list.getByRole('option')).toHaveCount(6);
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.locator('#document-title')).toHaveText("Kata'ib Hezbollah commander killed in Baghdad drone strike");
  await expect(page.getByRole('listbox', { name: 'Documents' }).getByRole('option', { selected: true })).toContainText('To do');
});

/** Opens the first document and labels "Tower 22" LOCATION by keyboard (caret, Shift+arrows, key). */
async function labelTower22(page: Page): Promise<void> {
  await page.getByRole('listbox', { name: 'Documents' }).getByRole('option').first().click();
  await placeCaret(page, 'Tower 22', 0);
  for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('l');
  await expect(page.locator('.awb-span[data-label="LOCATION"]')).toHaveText('Tower 22');
}

test('an overlapping span is refused with a message and nothing is saved', async ({ page, server }) => {
  await openAsNewAnnotator(page, server);
  await labelTower22(page);
  await placeCaret(page, '22', 0);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('a');
  await expect(page.getByRole('alert')).toContainText('overlaps LOCATION “Tower 22”');
  await expect(page.locator('.awb-span')).toHaveCount(1);
});

test('an API call without the token is refused', async ({ request, server }) => {
  const response = await request.post(`${server.url}api/app.bootstrap`, { data: {} });
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  const wrong = await request.post(`${server.url}api/app.bootstrap`, { data: {}, headers: { authorization: 'Bearer not-the-token-at-all' } });
  expect(wrong.status()).toBe(401);
});

test('once open, the page calls the host over its WebSocket, not a request per call', async ({ page, server }) => {
  const overSocket: string[] = [];
  const overHttp: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const { method } = JSON.parse(payload.toString()) as { method?: string };
      if (method) overSocket.push(method);
    });
  });
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) overHttp.push(pathname.slice('/api/'.length));
  });
  await openAsNewAnnotator(page, server);
  await labelTower22(page);
  expect(overSocket).toContain('annotations.create');
  expect(overHttp).not.toContain('annotations.create');
});

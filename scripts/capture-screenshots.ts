// `npm run screenshots`: renders the README's screenshots from the real app (built renderer,
// HTTP host, Debian Chromium) with a few spans on a demo article.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { ROOT, startAppServer } from '../e2e/fixtures/server';

type Row = { id: string; title: string };

const spans: [string, string, Record<string, string | number>][] = [
  ['Three', 'CASUALTY_COUNT', { value: 3, status: 'killed' }],
  ['American soldiers', 'ACTOR', { actor_type: 'state_force', side: 'us_coalition' }],
  ['at least 34', 'CASUALTY_COUNT', { value: 34, qualifier: 'at_least', status: 'injured' }],
  ['drone', 'WEAPON', { category: 'uav_drone' }],
  ['Tower 22', 'LOCATION', { granularity: 'site' }],
  ['Jordan', 'LOCATION', { granularity: 'country' }],
  ['Pentagon', 'ACTOR', { actor_type: 'state_political', side: 'us_coalition' }],
  ['more than 40', 'CASUALTY_COUNT', { value: 40, qualifier: 'more_than', status: 'injured' }],
  ['Joe Biden', 'ACTOR', { actor_type: 'state_political', side: 'us_coalition' }],
];

const server = await startAppServer();
try {
  await server.api('annotators.setLocal', { name: 'Ana Annotator' });
  const boot = (await server.api('app.bootstrap', {})).value as { project: { id: string } };
  const rows = ((await server.api('documents.list', { projectId: boot.project.id })).value as { rows: Row[] }).rows;
  const target = rows[0];
  if (!target) throw new Error('no demo document');
  const { text } = (await server.api('documents.get', { id: target.id })).value as { text: string };
  const body = text.slice(text.indexOf('\n'));
  for (const [quote, label, attributes] of spans) {
    const at = text.indexOf(quote, text.indexOf('\n'));
    if (at < 0 || !body.includes(quote)) throw new Error(`"${quote}" is not in the demo article`);
    const start = [...text.slice(0, at)].length;
    const result = await server.api('annotations.create', { documentId: target.id, start, end: start + [...quote].length, label, attributes });
    if (!result.ok) throw new Error(result.error?.message);
  }
  const browser = await chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}#token=${server.token}`);
  await page.evaluate((id) => (window.location.hash = `#/doc/${id}`), target.id);
  await page.locator('.awb-span').first().waitFor();
  const out = join(ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'annotation-view.png') });
  process.stdout.write(`Wrote ${join(out, 'annotation-view.png')}\n`);
  await browser.close();
} finally {
  await server.stop();
}

// `npm run screenshots`: renders the README's screenshots from the real app (built renderer,
// HTTP host, Debian Chromium): a demo article with a few spans, a long generated article with
// many, and the Arabic demo article.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { ROOT, startAppServer, type AppServer } from '../e2e/fixtures/server';

type Row = { id: string; title: string };
type Span = [quote: string, label: string, attributes: Record<string, string | number>];

const FEW: Span[] = [
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

const ARABIC: Span[] = [
  ['ثلاثة', 'CASUALTY_COUNT', { status: 'killed' }],
  ['جنود أمريكيين', 'ACTOR', { actor_type: 'state_force', side: 'us_coalition' }],
  ['ما لا يقل عن 34', 'CASUALTY_COUNT', { status: 'injured' }],
  ['البرج 22', 'LOCATION', { granularity: 'site' }],
  ['الأردن', 'LOCATION', { granularity: 'country' }],
  ['جو بايدن', 'ACTOR', { actor_type: 'state_political', side: 'us_coalition' }],
];

async function value<T>(server: AppServer, method: string, input: unknown): Promise<T> {
  const result = await server.api(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

/** Labels the first occurrence of each quote after the title line. */
async function label(server: AppServer, documentId: string, text: string, spans: Span[]): Promise<void> {
  for (const [quote, name, attributes] of spans) {
    const at = text.indexOf(quote, text.indexOf('\n'));
    if (at < 0) throw new Error(`"${quote}" is not in the demo article`);
    const start = [...text.slice(0, at)].length;
    await value(server, 'annotations.create', { documentId, start, end: start + [...quote].length, label: name, attributes });
  }
}

/** A long generated report (no seed text), with a span on most content words. */
async function addManySpans(server: AppServer, projectId: string): Promise<string> {
  const places = ['Deir ez-Zor', 'Al-Mayadin', 'Erbil', 'Anbar', 'Al Qaim', 'Baghdad', 'Tanf', 'Hasakah'];
  const actors = ['coalition forces', 'militia fighters', 'the army', 'civil defence teams', 'local officials'];
  const weapons = ['drones', 'rockets', 'mortars', 'artillery', 'missiles'];
  const paragraphs = Array.from({ length: 40 }, (_, i) => {
    const place = places[i % places.length] ?? '';
    return `On day ${i + 1}, ${actors[i % actors.length]} reported ${weapons[i % weapons.length]} fired near ${place}; at least ${i + 2} people were hurt and ${i % 4} were killed, while ${actors[(i + 2) % actors.length]} said ${weapons[(i + 1) % weapons.length]} had struck ${places[(i + 3) % places.length]} overnight.`;
  });
  const text = `Daily incident log: forty days of reports\n${paragraphs.join('\n')}`;
  // The HTTP API has no import method yet (issue 4); add the document the way the core does.
  const { openWorkbench } = await import('../src/core/workbench');
  const { addDocument } = await import('../src/core/services/addDocument');
  const workbench = await openWorkbench(server.dbPath, { logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  const document = addDocument(workbench.context, {
    projectId,
    title: 'Daily incident log: forty days of reports',
    text,
    source: 'Generated',
    publishedAt: '2024-02-20',
  });
  workbench.close();
  const bodyStart = text.indexOf('\n');
  const pattern =
    /at least \d+|\d+(?= were killed)|coalition forces|militia fighters|the army|civil defence teams|local officials|drones|rockets|mortars|artillery|missiles|Deir ez-Zor|Al-Mayadin|Erbil|Anbar|Al Qaim|Baghdad|Tanf|Hasakah/g;
  for (const match of text.slice(bodyStart).matchAll(pattern)) {
    const quote = match[0];
    const labelName = /\d/.test(quote) ? 'CASUALTY_COUNT' : places.includes(quote) ? 'LOCATION' : weapons.includes(quote) ? 'WEAPON' : 'ACTOR';
    const start = [...text.slice(0, bodyStart + match.index)].length;
    await value(server, 'annotations.create', { documentId: document.id, start, end: start + [...quote].length, label: labelName });
  }
  return document.id;
}

async function shoot(page: Page, server: AppServer, documentId: string, file: string, prepare?: (page: Page) => Promise<void>): Promise<void> {
  if (page.url().startsWith(server.url)) await page.evaluate(`window.location.hash = '#/doc/${documentId}'`);
  else await page.goto(`${server.url}#/doc/${documentId}&token=${server.token}`);
  await page.locator('.awb-span').first().waitFor();
  await page.waitForTimeout(300);
  await prepare?.(page);
  const out = join(ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, file) });
  process.stdout.write(`Wrote ${join(out, file)}\n`);
}

const server = await startAppServer();
try {
  await value(server, 'annotators.setLocal', { name: 'Ana Annotator' });
  const boot = await value<{ project: { id: string } }>(server, 'app.bootstrap', {});
  const rows = (await value<{ rows: Row[] }>(server, 'documents.list', { projectId: boot.project.id })).rows;
  const first = rows[0];
  const arabic = rows.find((row) => /[\u0600-\u06ff]/.test(row.title));
  if (!first || !arabic) throw new Error('the demo corpus is missing');
  const firstText = (await value<{ text: string }>(server, 'documents.get', { id: first.id })).text;
  await label(server, first.id, firstText, FEW);
  const arabicText = (await value<{ text: string }>(server, 'documents.get', { id: arabic.id })).text;
  await label(server, arabic.id, arabicText, ARABIC);
  const many = await addManySpans(server, boot.project.id);
  await value(server, 'documents.setStatus', { documentId: rows[2]?.id, status: 'done' });
  await value(server, 'documents.setStatus', { documentId: rows[3]?.id, status: 'skipped' });

  const browser = await chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
  await shoot(page, server, first.id, 'annotation-view.png', async (view) => {
    // Select the count, so the attributes panel shows a pre-filled CASUALTY_COUNT.
    await view.locator('.awb-span[data-label="CASUALTY_COUNT"]').nth(1).click();
  });
  await shoot(page, server, many, 'annotation-view-many-spans.png');
  await shoot(page, server, arabic.id, 'annotation-view-arabic.png', async (view) => {
    await view.locator('.awb-span[data-label="LOCATION"]').first().click();
  });
  await browser.close();
} finally {
  await server.stop();
}

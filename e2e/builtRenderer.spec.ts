import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ROOT } from './fixtures/server';

// Checklist item 7 on what ships: the renderer as built (npm test builds before the e2e run).
test('the built index.html carries the strict Content Security Policy and no inline script', () => {
  const html = readFileSync(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8');
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  expect(policy).toBeDefined();
  expect(policy).toContain("default-src 'none'; script-src 'self'");
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
  // Every script is a file of the app's own origin.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    expect(attributes).toMatch(/\bsrc="\.?\/assets\/[^"]+\.js"/);
    expect(body?.trim()).toBe('');
  }
  expect(html).not.toMatch(/\bon[a-z]+\s*=/i);
  expect(html).not.toMatch(/(src|href)="https?:/);
});

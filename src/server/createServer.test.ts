import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedAnnotatable } from '../core/testing/fixtures';
import type { Workbench } from '../core/workbench';
import { useTestServers } from './testing/testServers';
import { bearerToken, isAllowedHost, isAllowedOrigin, tokenMatches } from './requestPolicy';

const TOKEN = 'test-token-0123456789abcdef';
const startServerFor = useTestServers(TOKEN);

/** A server whose renderer folder also holds an asset and a link pointing out of it. */
const start = () =>
  startServerFor({
    prepare: (rendererDir, dir) => {
      mkdirSync(join(rendererDir, 'assets'), { recursive: true });
      writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
      writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
      // A link inside the renderer folder that points out of it (a packaging mistake, or an attacker's).
      symlinkSync(join(dir, 'secret.txt'), join(rendererDir, 'assets', 'linked.txt'));
    },
  });

type RawResponse = { status: number; body: string; headers: Record<string, string | string[] | undefined> };

/** A raw HTTP request, so tests control Host and path bytes exactly (fetch would normalise them). */
function raw(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; setHost?: boolean },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, setHost: options.setHost ?? true },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

const api = (port: number, method: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify(body),
  });

describe('HTTP host', () => {
  it('binds to 127.0.0.1 and serves the contract with the token', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await api(server.port, 'app.bootstrap', {});
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { annotator: null } });
  });

  it('refuses API calls without the token, or with a wrong one', async () => {
    const { server } = await start();
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', TOKEN, `Bearer ${TOKEN}x`]) {
      const headers: Record<string, string> = { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json' };
      if (authorization) headers.authorization = authorization;
      const response = await raw(server.port, { method: 'POST', path: '/api/annotators.setLocal', headers, body: '{"name":"Mallory"}' });
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const { server, workbench } = await start();
    const response = await api(server.port, 'annotators.setLocal', { name: 'Mallory' }, { host: `evil.example:${server.port}` });
    expect(response.status).toBe(403);
    const page = await raw(server.port, { path: '/', headers: { host: 'evil.example' } });
    expect(page.status).toBe(403);
    expect(workbench.db.prepare('SELECT count(*) AS n FROM annotator').get()).toEqual({ n: 0 });
  });

  it('refuses a foreign Origin header', async () => {
    const { server } = await start();
    const response = await api(server.port, 'app.bootstrap', {}, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });

  it('answers invalid input with 400 and the envelope', async () => {
    const { server } = await start();
    const response = await api(server.port, 'annotators.setLocal', { name: 7 });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const poisoned = await raw(server.port, {
      method: 'POST',
      path: '/api/annotators.setLocal',
      headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"name":"x","__proto__":{"admin":true}}',
    });
    expect(poisoned.status).toBe(400);
  });

  it('serves the renderer with the Content Security Policy and never a file outside it', async () => {
    const { server } = await start();
    const host = { host: `127.0.0.1:${server.port}` };
    const index = await raw(server.port, { path: '/', headers: host });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await raw(server.port, { path: '/assets/app.js', headers: host })).status).toBe(200);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '//secret.txt',
      '/assets/%00app.js',
      '/assets/linked.txt',
      '/server.db',
    ]) {
      const response = await raw(server.port, { path, headers: host });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain('outside the renderer');
    }
  });
});

describe('HTTP host: more refusals', () => {
  const count = (workbench: Workbench) => (workbench.db.prepare('SELECT count(*) AS n FROM annotator').get() as { n: number }).n;

  it('refuses an Origin of "null" (sandboxed frames, file pages) and another port, even with the token', async () => {
    const { server, workbench } = await start();
    for (const origin of ['null', `http://127.0.0.1:${server.port + 1}`, `http://localhost.evil.example:${server.port}`]) {
      const response = await api(server.port, 'annotators.setLocal', { name: 'Mallory' }, { origin });
      expect(response.status, origin).toBe(403);
    }
    expect(count(workbench)).toBe(0);
  });

  it('refuses a Host of another port, an IP alias or none at all', async () => {
    const { server, workbench } = await start();
    for (const host of [`127.0.0.1:${server.port + 1}`, `0.0.0.0:${server.port}`, `[::1]:${server.port}`, `127.1:${server.port}`]) {
      expect((await api(server.port, 'app.bootstrap', {}, { host })).status, host).toBe(403);
    }
    // Without a Host header Node's parser refuses the request itself (400) before any route runs.
    const hostless = await raw(server.port, {
      method: 'POST',
      path: '/api/annotators.setLocal',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"name":"Mallory"}',
      setHost: false,
    });
    expect(hostless.status).toBe(400);
    expect(count(workbench)).toBe(0);
  });

  it('takes the token only from the Authorization header, never the address', async () => {
    const { server } = await start();
    const headers = { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json' };
    for (const path of [`/api/app.bootstrap?token=${TOKEN}`, `/api/app.bootstrap?access_token=${TOKEN}`]) {
      expect((await raw(server.port, { method: 'POST', path, headers, body: '{}' })).status).toBe(401);
    }
  });

  it('answers only POST on the API, and unknown methods with 404', async () => {
    const { server } = await start();
    const headers = { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${TOKEN}` };
    expect((await raw(server.port, { path: '/api/app.bootstrap', headers })).status).toBe(404);
    const unknown = await api(server.port, 'app.shutdown', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses an oversized body (413) and a non-JSON body, writing nothing', async () => {
    const { server, workbench } = await start();
    const huge = await api(server.port, 'annotators.setLocal', { name: 'x'.repeat(9 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    const text = await raw(server.port, {
      method: 'POST',
      path: '/api/annotators.setLocal',
      headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'text/plain', authorization: `Bearer ${TOKEN}` },
      body: 'name=Mallory',
    });
    expect(text.status).toBe(400);
    const broken = await raw(server.port, {
      method: 'POST',
      path: '/api/annotators.setLocal',
      headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"name": "Mallory"',
    });
    expect(broken.status).toBe(400);
    expect(count(workbench)).toBe(0);
  });

  it('sends the security headers on refusals too', async () => {
    const { server } = await start();
    for (const response of [
      await raw(server.port, { path: '/', headers: { host: 'evil.example' } }),
      await raw(server.port, { method: 'POST', path: '/api/app.bootstrap', headers: { host: `127.0.0.1:${server.port}` }, body: '' }),
      await raw(server.port, { path: '/no-such-file.js', headers: { host: `127.0.0.1:${server.port}` } }),
    ]) {
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers a full disk with 503 storage_full and keeps serving', async () => {
    const { server, workbench } = await start();
    const { documentId, words } = await seedAnnotatable(workbench, 400);
    workbench.db.pragma(`max_page_count = ${Number(workbench.db.pragma('page_count', { simple: true })) + 1}`);
    let response: RawResponse | null = null;
    for (const word of words) {
      response = await api(server.port, 'annotations.create', { documentId, start: word.start, end: word.end, label: 'ACTOR' });
      if (response.status !== 200) break;
    }
    expect(response?.status).toBe(503);
    expect(JSON.parse(response?.body ?? '{}')).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    expect((await api(server.port, 'annotations.list', { documentId })).status).toBe(200);
  });
});

describe('request policy', () => {
  it('accepts only this server as Host and Origin', () => {
    expect(isAllowedHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedHost('localhost:4000', 4000)).toBe(true);
    expect(isAllowedHost('127.0.0.1:4001', 4000)).toBe(false);
    expect(isAllowedHost('attacker.example:4000', 4000)).toBe(false);
    expect(isAllowedHost(undefined, 4000)).toBe(false);
    expect(isAllowedOrigin(undefined, 4000)).toBe(true);
    expect(isAllowedOrigin('null', 4000)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:4000', 4000)).toBe(true);
  });

  it('reads bearer tokens strictly and compares them exactly', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer ${TOKEN}`)).toBeNull();
    expect(bearerToken('Bearer short')).toBeNull();
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}0`, TOKEN)).toBe(false);
    expect(tokenMatches(null, TOKEN)).toBe(false);
  });
});

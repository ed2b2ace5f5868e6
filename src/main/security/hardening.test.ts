import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBridge, createFilesBridge, withoutEvent } from '../../preload/bridge';
import { channelOf, METHOD_NAMES } from '../../shared/contract/index';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META } from '../../shared/security/contentSecurityPolicy';
import electronRelease from './electron-release.json' with { type: 'json' };

// The items of the Electron security checklist that are about the code as written rather than a
// single policy function (those are in policy.test.ts): checked by reading the sources.
const ROOT = join(import.meta.dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|html)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const sources = sourceFiles(SRC).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('item 20: the preload exposes only the contract, never raw Electron', () => {
  it('exposes exactly the allowlisted keys (a new key must be reviewed and this snapshot updated)', async () => {
    const bridge = createBridge(() => Promise.resolve(null));
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES].sort());
    await expect(`${JSON.stringify(Object.keys(bridge).sort(), null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/exposed-preload-keys.json');
  });

  it('forwards exactly (channel, input) and returns the envelope, with no event or ipcRenderer in reach', async () => {
    const calls: unknown[][] = [];
    const bridge = createBridge((...args) => {
      calls.push(args);
      return Promise.resolve({ ok: true, value: args[1] });
    });
    expect(Object.isFrozen(bridge)).toBe(true);
    for (const method of METHOD_NAMES) {
      const fn = bridge[method];
      expect(typeof fn).toBe('function');
      expect(await fn?.({ probe: method })).toEqual({ ok: true, value: { probe: method } });
    }
    expect(calls).toEqual(METHOD_NAMES.map((method) => [channelOf(method), { probe: method }]));
    expect(Object.keys(bridge)).not.toContain('ipcRenderer');
    expect(() => Object.assign(bridge, { extra: 1 })).toThrow(TypeError);
  });

  it('strips the IpcRendererEvent from any pushed message', () => {
    const received: unknown[][] = [];
    const listener = withoutEvent((...args: unknown[]) => received.push(args));
    listener({ sender: 'the raw ipcRenderer' }, { progress: 0.5 }, 'job-1');
    expect(received).toEqual([[{ progress: 0.5 }, 'job-1']]);
  });

  it('the preload source exposes the contract and the dropped-file function only, never ipcRenderer or an event', () => {
    const preload = sources.filter((file) => file.path.startsWith(join('src', 'preload')) && file.path.endsWith('.ts') && !file.path.endsWith('.d.ts'));
    expect(preload.length).toBeGreaterThan(0);
    const exposures = preload.flatMap((file) => [...file.text.matchAll(/exposeInMainWorld\(\s*'([^']+)'/g)].map((match) => match[1]));
    expect(exposures).toEqual(['workbench', 'workbenchFiles']);
    for (const file of preload) {
      expect(file.text, file.path).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
      // Listening is allowed only through withoutEvent(), which drops the event.
      for (const match of file.text.matchAll(/ipcRenderer\.(on|once|addListener)\(([^)]*)/g)) {
        expect(match[2], `${file.path}: ipcRenderer.${match[1]} must wrap its listener in withoutEvent()`).toMatch(/withoutEvent\(/);
      }
    }
  });
});

describe('item 20: the dropped-file bridge', () => {
  it('exposes one frozen function that sends only the path resolved in the preload', async () => {
    const sent: unknown[] = [];
    const files = createFilesBridge(
      (path) => {
        sent.push(path);
        return Promise.resolve({ handle: 'h1' });
      },
      () => '/home/ana/articles.jsonl',
    );
    expect(Object.keys(files)).toEqual(['handleForDroppedFile']);
    expect(Object.isFrozen(files)).toBe(true);
    expect(await files.handleForDroppedFile(new File(['x'], 'articles.jsonl'))).toEqual({ handle: 'h1' });
    expect(sent).toEqual(['/home/ana/articles.jsonl']);
  });
});

describe('item 15: shell.openExternal only through the wrapper', () => {
  // Allowed: `openExternalSafely((url) => shell.openExternal(url), link)`; anything else is not.
  it('no source calls openExternal except through openExternalSafely', () => {
    const offenders = sources
      .filter((file) => file.path !== join('src', 'main', 'security', 'openExternal.ts'))
      .flatMap((file) =>
        file.text
          .split('\n')
          .map((line, index) => ({ line, where: `${file.path}:${index + 1}` }))
          .filter(
            ({ line }) =>
              /openExternal\b/.test(line.replace(/openExternalSafely\(.*\)/g, '').replace(/openExternalSafely/g, '')) && !/^\s*(\/\/|\*)/.test(line),
          ),
      )
      .map(({ where }) => where);
    expect(offenders).toEqual([]);
  });
});

describe('items 1 and 7: secure content and a restrictive Content Security Policy', () => {
  it('no source loads anything over plain http', () => {
    const offenders = sources.filter((file) => /(src|href)\s*=\s*["']?http:/i.test(file.text)).map((file) => file.path);
    expect(offenders).toEqual([]);
  });

  it('allows only the app itself: no inline script, no eval, no remote origins, no plugins, no framing', () => {
    for (const policy of [CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_META]) {
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("base-uri 'none'");
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*|https?:|blob:/);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('index.html carries exactly the one policy (the built file is checked by e2e/builtRenderer.spec.ts)', () => {
    const html = readFileSync(join(SRC, 'renderer', 'index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((match) => match[1]);
    expect(metas).toEqual([CONTENT_SECURITY_POLICY_META]);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('item 16: Electron is current', () => {
  const pinned = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron ?? '';
  const installed = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
  const major = (version: string) => Number(/^(\d+)\./.exec(version)?.[1] ?? Number.NaN);

  it('is pinned exactly, and the installed package is the pinned one', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);
  });

  // CI has no network, so "latest" is the release recorded in electron-release.json by
  // `npm run check:electron`; refresh it whenever Electron is bumped or a release ships.
  it('is at most two majors behind the latest recorded stable release', () => {
    expect(electronRelease.latestStable).toMatch(/^\d+\.\d+\.\d+$/);
    expect(major(electronRelease.latestStable) - major(pinned)).toBeLessThanOrEqual(2);
    expect(major(pinned)).toBeLessThanOrEqual(major(electronRelease.latestStable));
  });
});

describe('item 19: fuses are set for packaged builds', () => {
  it('turns off RunAsNode, NODE_OPTIONS, the inspector and file:// privileges; turns on asar integrity and asar-only loading', () => {
    const config = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    const fuses = Object.fromEntries(
      [...config.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((match): [string, boolean] => [match[1] ?? '', match[2] === 'true']),
    );
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});

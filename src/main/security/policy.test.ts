import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from './appOrigin';
import { resolveAppAsset } from './appProtocol';
import { isAllowedNavigation, isAllowedRequest, windowOpenPolicy } from './navigation';
import { isSafeExternalUrl, openExternalSafely } from './openExternal';
import { permissionCheckHandler, permissionRequestHandler } from './permissions';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow } from './mainWindow';

/** Stands in for Electron's BrowserWindow (no Electron binary here) and keeps the options it was given. */
class RecordingWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

describe('createMainWindow', () => {
  const preferences = createMainWindow(RecordingWindow, '/app/preload/index.cjs').options.webPreferences ?? {};

  it('isolates and sandboxes the renderer, with no Node and no webview', () => {
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      preload: '/app/preload/index.cjs',
    });
  });

  it('turns off the spellchecker (it downloads dictionaries) and auxclick', () => {
    expect(preferences.spellcheck).toBe(false);
    expect(preferences.disableBlinkFeatures).toBe('Auxclick');
    expect(preferences.enableBlinkFeatures).toBeUndefined();
  });

  it('sets nothing beyond the reviewed list (a new preference needs a test here)', () => {
    expect(Object.keys(preferences).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'disableBlinkFeatures',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });
});

describe('navigation policy', () => {
  it('allows only the app bundle', () => {
    expect(isAllowedNavigation(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedNavigation('app://bundle/index.html#/doc/abc')).toBe(true);
  });

  it.each([
    'https://app.bundle.evil',
    'app://evil/index.html',
    'app://user:pw@bundle/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://127.0.0.1:5173/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('allows the dev server only when one is given', () => {
    expect(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('denies every new window', () => {
    expect(windowOpenPolicy()).toEqual({ action: 'deny' });
  });

  it('blocks every network request that is not the app itself', () => {
    expect(isAllowedRequest('app://bundle/assets/index.js')).toBe(true);
    expect(isAllowedRequest('https://example.com/')).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1:8080/api')).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/x')).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/x', 'http://localhost:5173')).toBe(true);
  });
});

describe('permissions', () => {
  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'])('denies %s', (permission) => {
    let granted: boolean | undefined;
    permissionRequestHandler(null, permission, (answer) => {
      granted = answer;
    });
    expect(granted).toBe(false);
  });

  it('answers every permission check with no', () => {
    expect(permissionCheckHandler()).toBe(false);
  });
});

describe('openExternal wrapper', () => {
  it.each(['file:///etc/passwd', 'smb://host/share', 'ms-msdt:/id', 'javascript:alert(1)', 'http://example.com', 'https://user:pw@example.com'])(
    'refuses %s',
    async (url) => {
      const opened: string[] = [];
      expect(isSafeExternalUrl(url)).toBe(false);
      expect(
        await openExternalSafely((target) => {
          opened.push(target);
          return Promise.resolve();
        }, url),
      ).toBe(false);
      expect(opened).toEqual([]);
    },
  );

  it('opens https pages', async () => {
    const opened: string[] = [];
    expect(
      await openExternalSafely((target) => {
        opened.push(target);
        return Promise.resolve();
      }, 'https://acleddata.com/'),
    ).toBe(true);
    expect(opened).toEqual(['https://acleddata.com/']);
  });
});

describe('app:// protocol', () => {
  const root = resolve('/opt/awb/renderer');

  it('serves files inside the renderer folder', () => {
    expect(resolveAppAsset('app://bundle/index.html', root)).toBe(join(root, 'index.html'));
    expect(resolveAppAsset('app://bundle/', root)).toBe(join(root, 'index.html'));
    expect(resolveAppAsset('app://bundle/assets/index-abc.js?x=1#y', root)).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it.each([
    'app://bundle/../../etc/passwd',
    'app://bundle/%2e%2e/%2e%2e/etc/passwd',
    'app://bundle/assets/%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://bundle/..%5c..%5cwindows',
    'app://bundle/%00index.html',
    'app://bundle/%E0%A4%A',
    'app://other/index.html',
    'https://bundle/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(url, root)).toBeNull();
  });

  it('recognises only its own origin as the app', () => {
    expect(isAppUrl('app://bundle/x')).toBe(true);
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl('app://bundle.evil/x')).toBe(false);
  });
});

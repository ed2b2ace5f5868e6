import type { BrowserWindowConstructorOptions } from 'electron';

/** Electron's `BrowserWindow` class, or anything constructed the same way (tests record the options). */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the app's one window: isolated, sandboxed, no Node, no webview, no spellchecker (it
 * downloads dictionaries), no auxclick (middle-click opening windows), no insecure content.
 * The options are written out literally in the `new BrowserWindow(...)` call so electronegativity,
 * which reads only literal options at the call, checks exactly what ships.
 */
export function createMainWindow<W>(BrowserWindow: WindowConstructor<W>, preloadPath: string): W {
  return new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Annotation Workbench',
    webPreferences: {
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK: the preload exposes only frozen invoke wrappers, never ipcRenderer or Node (src/preload/bridge.ts)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

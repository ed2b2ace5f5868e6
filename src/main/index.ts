import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import { userDataDir, DATABASE_FILE_NAME } from '../core/dataPaths';
import { createLogger } from '../core/logger';
import { startWorkbench, type RunningWorkbench } from '../core/runningWorkbench';
import { CONTENT_SECURITY_POLICY } from '../shared/security/contentSecurityPolicy';
import { disabledFeaturesSwitch } from './chromiumFeatures';
import { createDroppedFileHandler, dialogPicker, DROPPED_FILE_CHANNEL } from './files/fileIpc';
import { registerIpc } from './ipc/registerIpc';
import { requireElectronNativeBinding } from './nativeBinding';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME } from './security/appOrigin';
import { resolveAppAsset } from './security/appProtocol';
import { createMainWindow } from './security/mainWindow';
import { isAllowedNavigation, isAllowedRequest, windowOpenPolicy } from './security/navigation';
import { permissionCheckHandler, permissionRequestHandler } from './security/permissions';

const logger = createLogger('main');
const here = import.meta.dirname;
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
// Only set by electron-vite's dev command; never in a packaged app.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Before the app is ready: Chromium reads its features once, at start (see chromiumFeatures.ts).
app.commandLine.appendSwitch('disable-features', disabledFeaturesSwitch(app.commandLine.getSwitchValue('disable-features'))); // eng-disable CUSTOM_ARGUMENTS_JS_CHECK: it only turns off a task-scheduling feature (DeferRendererTasksAfterInput), no security one
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.setPath('userData', userDataDir(process.platform, process.env, app.getPath('home')));

let workbench: RunningWorkbench | null = null;
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(windowOpenPolicy);
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.whenReady().then(start, (error: unknown) => logger.error('Electron failed to start', error));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    // Closing waits for a backup in flight and checkpoints the log; quit again once it is done.
    const closing = workbench;
    if (!closing) return;
    workbench = null;
    event.preventDefault();
    void closing.close().finally(() => app.quit());
  });
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler(permissionRequestHandler);
  session.defaultSession.setPermissionCheckHandler(permissionCheckHandler);
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, devServerUrl) }));
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(request.url, rendererDir);
    if (!file) return new Response('Bad request', { status: 400 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  const dbPath = process.env.AWB_DB ?? join(app.getPath('userData'), DATABASE_FILE_NAME);
  try {
    const nativeBinding = requireElectronNativeBinding({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });
    // Jobs (imports) run in a worker thread built beside this file (electron.vite.config.ts).
    // A damaged, locked or read-only database does not stop the app: the window explains the
    // problem and offers the last good backup (see RecoveryScreen).
    workbench = await startWorkbench(dbPath, {
      nativeBinding,
      logger,
      jobWorkerScript: join(here, 'jobWorker.js'),
      agreementWorkerScript: join(here, 'agreementWorker.js'),
    });
  } catch (error) {
    dialog.showErrorBox('Annotation Workbench cannot open its database', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  registerIpc(workbench.dispatch, devServerUrl);
  workbench.files.setPicker(dialogPicker((options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options))));
  ipcMain.handle(DROPPED_FILE_CHANNEL, createDroppedFileHandler(workbench.files, devServerUrl));

  mainWindow = createMainWindow(BrowserWindow, preloadPath);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.webContents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, devServerUrl)) event.preventDefault();
  });
  await mainWindow.loadURL(devServerUrl ?? APP_ENTRY_URL);
  logger.info(`window loaded from ${devServerUrl ?? `${APP_SCHEME}://${APP_HOST}`}`);
}

import { join, resolve } from 'node:path';
import { createLogger } from '../core/logger';
import { startWorkbench } from '../core/runningWorkbench';
import { startServer } from './createServer';

export type ServeOptions = { dbPath: string; rendererDir?: string; port?: number; token?: string; autoBackupMinutes?: number };

/** The folder electron-vite builds the renderer into. */
export const DEFAULT_RENDERER_DIR = resolve(import.meta.dirname, '..', '..', 'out', 'renderer');

/**
 * Opens the workbench database and serves the app on loopback until SIGINT or SIGTERM. Prints
 * one line with the address, whose fragment carries the token (fragments never reach a server log).
 */
export async function serve(options: ServeOptions): Promise<void> {
  const logger = createLogger('server');
  // A database that cannot be opened (damaged, locked, newer) does not stop the host: the window
  // explains the problem and offers the last good backup.
  const workbench = await startWorkbench(options.dbPath, {
    logger,
    ...(options.autoBackupMinutes === undefined ? {} : { autoBackupMinutes: options.autoBackupMinutes }),
  });
  let server;
  try {
    server = await startServer({
      dispatch: workbench.dispatch,
      files: workbench.files,
      rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.token === undefined ? {} : { token: options.token }),
    });
  } catch (error) {
    await workbench.close();
    throw error;
  }
  process.stdout.write(`Annotation Workbench is serving on ${server.url}#token=${server.token} (database: ${join(options.dbPath)}). Press Ctrl+C to stop.\n`);
  const status = workbench.control.status();
  if (status.problem) {
    const offer = status.lastGoodBackup ? ` Open the address to restore ${status.lastGoodBackup.file}, or run "awb restore --latest".` : '';
    process.stderr.write(`Annotation Workbench: ${status.problem.message}${offer}\n`);
  }
  const running = server;
  const stop = () => {
    // Browsers keep speculative connections open that never send a request; Node counts them as
    // busy until its 60 s header timeout, so after a grace period for real requests they are cut.
    setTimeout(() => running.app.server.closeAllConnections(), 1000).unref();
    void running
      .close()
      .then(() => workbench.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

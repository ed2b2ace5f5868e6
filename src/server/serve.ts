import { join, resolve } from 'node:path';
import { createLogger } from '../core/logger';
import { openWorkbench } from '../core/workbench';
import { startServer } from './createServer';

export type ServeOptions = { dbPath: string; rendererDir?: string; port?: number; token?: string };

/** The folder electron-vite builds the renderer into. */
export const DEFAULT_RENDERER_DIR = resolve(import.meta.dirname, '..', '..', 'out', 'renderer');

/**
 * Opens the workbench database and serves the app on loopback until SIGINT or SIGTERM. Prints
 * one line with the address, whose fragment carries the token (fragments never reach a server log).
 */
export async function serve(options: ServeOptions): Promise<void> {
  const logger = createLogger('server');
  const workbench = await openWorkbench(options.dbPath, { logger });
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
    workbench.close();
    throw error;
  }
  process.stdout.write(`Annotation Workbench is serving on ${server.url}#token=${server.token} (database: ${join(options.dbPath)}). Press Ctrl+C to stop.\n`);
  const running = server;
  const stop = () => {
    void running
      .close()
      .then(() => workbench.shutdown())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

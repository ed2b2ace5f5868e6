import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { quietLogger } from '../../core/testing/fixtures';
import { createTempDirs } from '../../core/testing/tempDir';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { startServer, type RunningServer } from '../createServer';

type StartOptions = {
  /** Take uploads into the workbench's file registry, optionally with a lower size cap. */
  uploads?: boolean;
  uploadBytes?: number;
  /** How long a WebSocket may wait before sending the token. */
  socketHelloTimeoutMs?: number;
  /** Adds files to the renderer folder (which holds an index.html) before the server starts. */
  prepare?: (rendererDir: string, dir: string) => void;
};

/**
 * For a server test file: `start()` opens a real workbench file in a fresh folder and serves it
 * with `token` on a free loopback port; every server and workbench started is closed after each
 * test (before the folders are removed).
 */
export function useTestServers(token: string): (options?: StartOptions) => Promise<{ server: RunningServer; workbench: Workbench; dir: string }> {
  const tempDir = createTempDirs('awb-server-');
  const running: { server: RunningServer; workbench: Workbench }[] = [];
  afterEach(async () => {
    for (const { server, workbench } of running.splice(0)) {
      await server.close();
      await workbench.shutdown();
    }
  });
  return async (options = {}) => {
    const dir = tempDir();
    const rendererDir = join(dir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
    options.prepare?.(rendererDir, dir);
    const workbench = await openWorkbench(join(dir, 'server.db'), { logger: quietLogger });
    const server = await startServer({
      dispatch: workbench.dispatch,
      rendererDir,
      token,
      ...(options.uploads ? { files: workbench.files } : {}),
      ...(options.uploadBytes ? { uploadBytes: options.uploadBytes } : {}),
      ...(options.socketHelloTimeoutMs ? { socketHelloTimeoutMs: options.socketHelloTimeoutMs } : {}),
    });
    running.push({ server, workbench });
    return { server, workbench, dir };
  };
}

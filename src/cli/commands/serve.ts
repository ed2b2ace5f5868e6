import type { Command } from 'commander';
import { serve } from '../../server/serve';
import { databasePathOf } from '../context';

/** `awb serve`: the app in a browser, from the loopback HTTP host. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the app on 127.0.0.1 for a browser (the same app as the desktop window)')
    .option('--port <number>', 'port to listen on (default: a free one)', (value) => Number.parseInt(value, 10))
    .option('--renderer <dir>', 'built renderer folder (default: out/renderer)')
    .action(async (options: { port?: number; renderer?: string }, command: Command) => {
      await serve({
        dbPath: databasePathOf(command),
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.renderer === undefined ? {} : { rendererDir: options.renderer }),
      });
    });
}

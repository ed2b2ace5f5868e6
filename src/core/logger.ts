/** A named logger writing to stderr; the one place core and hosts print diagnostics. */
export type Logger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
};

/** Creates a logger whose lines start with the scope, quiet below `AWB_LOG_LEVEL` (info by default). */
export function createLogger(scope: string): Logger {
  const level = process.env.AWB_LOG_LEVEL ?? 'info';
  const write = (kind: string, message: string) => process.stderr.write(`[${new Date().toISOString()}] ${kind} ${scope}: ${message}\n`);
  return {
    info: (message) => {
      if (level === 'info' || level === 'debug') write('info', message);
    },
    warn: (message) => {
      if (level !== 'error' && level !== 'silent') write('warn', message);
    },
    error: (message, error) => {
      if (level === 'silent') return;
      const detail =
        error instanceof Error
          ? ` (${error.stack ?? error.message})`
          : error === undefined
            ? ''
            : ` (${typeof error === 'string' ? error : JSON.stringify(error)})`;
      write('error', message + detail);
    },
  };
}

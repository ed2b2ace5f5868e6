/**
 * The envelope every host returns for every method: the value, or an error with a stable code.
 * Errors thrown inside an Electron `ipcMain.handle` reach the renderer with only their message,
 * so both hosts return errors as data instead.
 */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'not_found',
  'conflict',
  'overlap',
  'unauthorized',
  'forbidden',
  'too_large',
  'storage_full',
  'read_only',
  'busy',
  'cancelled',
  /** The database is not open (damaged, locked, from a newer version): only storage and backup methods answer. */
  'unavailable',
  'unsupported',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorPayload = {
  code: ErrorCode;
  message: string;
  /** Machine-readable extras, for example the ids of the spans an overlap collided with. */
  details?: Record<string, unknown>;
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** Builds a success envelope. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failure envelope. */
export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}

import type { ErrorCode } from '../../../shared/contract/index';

/** Error codes that mean "the database cannot take your change right now", not "your input is wrong". */
export const STORAGE_ERROR_CODES: readonly ErrorCode[] = ['storage_full', 'read_only', 'busy', 'unavailable'];

export type StorageError = { code: ErrorCode; message: string };
type Listener = (error: StorageError) => void;

const listeners = new Set<Listener>();

/** Called by api.ts for every failed call; tells the banner when the failure is about storage. */
export function reportStorageError(error: StorageError): void {
  if (!STORAGE_ERROR_CODES.includes(error.code)) return;
  for (const listener of listeners) listener(error);
}

/** Subscribes to storage failures; returns the unsubscribe function. */
export function onStorageError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

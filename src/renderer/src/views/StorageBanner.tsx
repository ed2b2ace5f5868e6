import { useEffect, useState } from 'react';
import type { StorageStatus } from '../../../shared/contract/methods/storage';
import { call } from '../lib/api';
import { onStorageError, type StorageError } from '../lib/storageEvents';

const HEADLINE: Record<string, string> = {
  read_only: 'Read-only: changes cannot be saved.',
  storage_full: 'The disk is full: your last change was not saved.',
  busy: 'The database is locked by another program: your last change was not saved.',
  unavailable: 'The database is not available: your last change was not saved.',
};

/**
 * Says, where the annotator cannot miss it, when the database will not take changes: read-only
 * from the start, or a save refused because the disk is full or another program holds a lock.
 * Everything saved before stays saved; the banner says so.
 */
export function StorageBanner() {
  const [status, setStatus] = useState<StorageStatus | null>(null);
  const [failure, setFailure] = useState<StorageError | null>(null);

  useEffect(() => {
    let cancelled = false;
    call('storage.status', {}).then(
      (value) => !cancelled && setStatus(value),
      () => undefined,
    );
    const unsubscribe = onStorageError((error) => setFailure(error));
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, []);

  const readOnly = status?.state === 'read_only' || failure?.code === 'read_only';
  if (!readOnly && !failure) return null;
  const code = readOnly ? 'read_only' : (failure?.code ?? 'unavailable');
  const detail = failure?.message ?? status?.problem?.message ?? '';
  return (
    <div className={`awb-banner awb-banner-${code}`} role="alert" data-testid="storage-banner">
      <strong>{HEADLINE[code] ?? HEADLINE.unavailable}</strong>
      <span>{detail}</span>
      <span className="awb-muted">Everything saved before is safe.</span>
      {!readOnly && (
        <button type="button" onClick={() => setFailure(null)}>
          Dismiss
        </button>
      )}
    </div>
  );
}

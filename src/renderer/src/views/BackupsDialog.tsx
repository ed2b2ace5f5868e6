import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackupSummary, StorageStatus } from '../../../shared/contract/methods/storage';
import { call } from '../lib/api';
import { BackupList, formatWhen } from './BackupList';
import { errorMessage } from '../lib/errorMessage';

/** Backups of this database: where they are, take one now, restore one. Escape closes. */
export function BackupsDialog({ onClose }: { onClose: () => void }) {
  const [backups, setBackups] = useState<BackupSummary[] | null>(null);
  const [status, setStatus] = useState<StorageStatus | null>(null);
  const [working, setWorking] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  const refresh = useCallback(async () => {
    const [list, current] = await Promise.all([call('backups.list', {}), call('storage.status', {})]);
    setBackups(list);
    setStatus(current);
  }, []);

  useEffect(() => {
    refresh().catch((caught: unknown) => setMessage(errorMessage(caught)));
    dialogRef.current?.focus();
  }, [refresh]);

  // Escape closes from anywhere (focus may be on the page after a button was disabled).
  useEffect(() => {
    const handleKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      onClose();
    };
    window.addEventListener('keydown', handleKeyDown, true);
    return () => window.removeEventListener('keydown', handleKeyDown, true);
  }, [onClose]);

  const backUpNow = async () => {
    setWorking(true);
    setMessage(null);
    try {
      const backup = await call('backups.create', {});
      setMessage(`Backed up (${formatWhen(backup.createdAt)}), integrity checked.`);
      await refresh();
    } catch (caught) {
      setMessage(errorMessage(caught));
    } finally {
      setWorking(false);
      dialogRef.current?.focus();
    }
  };

  return (
    <div className="awb-overlay">
      <div className="awb-dialog awb-dialog-wide" role="dialog" aria-modal="true" aria-labelledby="backups-title" tabIndex={-1} ref={dialogRef}>
        <h1 id="backups-title">Backups</h1>
        <p className="awb-muted">
          A verified copy is taken when the app starts and every 10 minutes while you annotate. They are kept in{' '}
          <code className="awb-path">{status?.backupFolder ?? '…'}</code>.
        </p>
        <div className="awb-row">
          <button type="button" className="awb-primary" disabled={working} onClick={() => void backUpNow()}>
            {working ? 'Backing up…' : 'Back up now'}
          </button>
          <span className="awb-spacer" />
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        {message && (
          <p role="status" className="awb-message">
            {message}
          </p>
        )}
        {status?.lastBackupError && (
          <p role="alert" className="awb-error">
            The last automatic backup failed: {status.lastBackupError}
          </p>
        )}
        {backups ? <BackupList backups={backups} /> : <p className="awb-muted">Loading…</p>}
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import type { BackupSummary, StorageStatus } from '../../../shared/contract/methods/storage';
import { call } from '../lib/api';
import { BackupList, formatWhen } from './BackupList';
import { errorMessage } from '../lib/errorMessage';

const TITLE: Record<string, string> = {
  damaged: 'The database is damaged',
  newer_version: 'The database is from a newer version of the app',
  locked: 'The database is locked by another program',
  read_only: 'The database cannot be opened for writing',
  storage_full: 'The disk is full',
  cannot_open: 'The database cannot be opened',
};

/**
 * Shown instead of the app when the database could not be opened. Says why in plain words, offers
 * the last good backup (a restore never overwrites: the current file is kept as a copy first), and
 * "Try again" for problems that go away (a lock released, space freed).
 */
export function RecoveryScreen() {
  const [status, setStatus] = useState<StorageStatus | null>(null);
  const [backups, setBackups] = useState<BackupSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([call('storage.status', {}), call('backups.list', {})]).then(
      ([current, list]) => {
        setStatus(current);
        setBackups(list);
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, []);

  const tryAgain = async () => {
    setBusy(true);
    try {
      const next = await call('storage.reopen', {});
      if (next.state === 'unavailable') {
        setStatus(next);
        setError('Still not possible: see above.');
      } else {
        window.location.reload();
      }
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  const restoreLastGood = async (file: string) => {
    setBusy(true);
    try {
      await call('backups.restore', { file });
      window.location.reload();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  const kind = status?.problem?.kind ?? 'cannot_open';
  const lastGood = status?.lastGoodBackup ?? null;
  return (
    <main className="awb-fatal">
      <section className="awb-dialog awb-dialog-wide" aria-labelledby="recovery-title">
        <h1 id="recovery-title">{TITLE[kind] ?? TITLE.cannot_open}</h1>
        <p role="alert">{status?.problem?.message ?? 'Checking the database…'}</p>
        <p className="awb-muted">
          Nothing has been changed or deleted. Database: <code className="awb-path">{status?.databasePath ?? '…'}</code>
        </p>
        <div className="awb-row">
          {lastGood && kind !== 'newer_version' && (
            <button type="button" className="awb-primary" autoFocus disabled={busy} onClick={() => void restoreLastGood(lastGood.file)}>
              Restore the last good backup ({formatWhen(lastGood.createdAt)})
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void tryAgain()} autoFocus={!lastGood}>
            Try again
          </button>
        </div>
        {error && (
          <p role="alert" className="awb-error">
            {error}
          </p>
        )}
        {status && (
          <details>
            <summary>All backups ({backups.length})</summary>
            <BackupList backups={backups} highlight={lastGood?.file ?? null} />
          </details>
        )}
      </section>
    </main>
  );
}

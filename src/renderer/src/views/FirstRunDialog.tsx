import { useState, type FormEvent } from 'react';
import type { Annotator } from '../../../shared/contract/methods/app';
import { call } from '../lib/api';
import { errorMessage } from '../lib/errorMessage';

/** Asked once per installation: the name every span this annotator makes will carry. */
export function FirstRunDialog({ onDone }: { onDone: (annotator: Annotator) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      onDone(await call('annotators.setLocal', { name }));
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };

  return (
    <div className="awb-dialog-backdrop">
      <form className="awb-dialog" role="dialog" aria-modal="true" aria-labelledby="first-run-title" onSubmit={(event) => void handleSubmit(event)}>
        <h1 id="first-run-title">Welcome to Annotation Workbench</h1>
        <p>Your name is stored with every span you make, so your work can be compared and merged with other annotators'. You can change it later.</p>
        <label htmlFor="annotator-name">Your name</label>
        <input id="annotator-name" autoFocus required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
        {error && (
          <p role="alert" className="awb-error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || name.trim() === ''}>
          Start annotating
        </button>
      </form>
    </div>
  );
}

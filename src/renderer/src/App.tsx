import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/contract/index';
import { applyLabelColours } from './editor/labelStyles';
import { call, hostKind } from './lib/api';
import { FirstRunDialog } from './views/FirstRunDialog';
import { SaveIndicator, type SaveState } from './views/SaveIndicator';
import { Workspace } from './views/Workspace';

type Boot = MethodOutput<'app.bootstrap'>;

/** The window: header, then the workspace (document list and the open document). */
export function App() {
  const [boot, setBoot] = useState<Boot | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });

  useEffect(() => {
    call('app.bootstrap', {}).then(
      (value) => {
        applyLabelColours(value.project.schema.labels);
        setBoot(value);
      },
      (caught: unknown) => setBootError(caught instanceof Error ? caught.message : String(caught)),
    );
  }, []);

  if (bootError) {
    return (
      <main className="awb-fatal">
        <h1>Annotation Workbench could not start</h1>
        <p role="alert">{bootError}</p>
      </main>
    );
  }
  if (!boot) return <main className="awb-fatal awb-muted">Starting…</main>;
  if (!boot.annotator) return <FirstRunDialog onDone={(annotator) => setBoot({ ...boot, annotator })} />;

  return (
    <div className="awb-app">
      <header className="awb-topbar">
        <span className="awb-brand">Annotation Workbench</span>
        <span className="awb-muted">{boot.project.name}</span>
        <span className="awb-spacer" />
        {hostKind() === 'http' && (
          <span className="awb-badge" title="No Electron runtime here: the app runs in your browser against a local server on 127.0.0.1.">
            Browser mode
          </span>
        )}
        <SaveIndicator state={saveState} />
        <span className="awb-user" title="Annotator">
          {boot.annotator.name}
        </span>
      </header>
      <Workspace projectId={boot.project.id} schema={boot.project.schema} onSaveState={setSaveState} />
    </div>
  );
}

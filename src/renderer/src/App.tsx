import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/contract/index';
import { applyLabelColours } from './editor/labelStyles';
import { call, hostKind } from './lib/api';
import { useOpenDocumentId } from './lib/useHashRoute';
import { DocumentList } from './views/DocumentList';
import { DocumentView } from './views/DocumentView';
import { FirstRunDialog } from './views/FirstRunDialog';
import { ImportView } from './views/import/ImportView';
import { IMPORT_ROUTE, useIsImportRoute } from './views/import/useImportRoute';
import { SaveIndicator, type SaveState } from './views/SaveIndicator';

type Boot = MethodOutput<'app.bootstrap'>;

/** The window: header, document list, and the open document. */
export function App() {
  const [boot, setBoot] = useState<Boot | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [refreshKey, setRefreshKey] = useState(0);
  const [openId, openDocument] = useOpenDocumentId();
  const importing = useIsImportRoute();

  useEffect(() => {
    call('app.bootstrap', {}).then(
      (value) => {
        applyLabelColours(value.project.schema.labels);
        setBoot(value);
      },
      (caught: unknown) => setBootError(caught instanceof Error ? caught.message : String(caught)),
    );
  }, []);

  const handleChanged = useCallback(() => setRefreshKey((key) => key + 1), []);

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
        <a className="awb-header-link" href={IMPORT_ROUTE} aria-current={importing ? 'page' : undefined}>
          Import
        </a>
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
      <DocumentList projectId={boot.project.id} openId={openId} onOpen={openDocument} refreshKey={refreshKey} />
      <main className="awb-main">
        {importing ? (
          <ImportView onImported={handleChanged} />
        ) : openId ? (
          <DocumentView key={openId} documentId={openId} schema={boot.project.schema} onSaveState={setSaveState} onChanged={handleChanged} />
        ) : (
          <div className="awb-empty">
            <h1>Pick a document</h1>
            <p className="awb-muted">
              Use the list on the left (arrow keys and Enter). In a document, select words and press 1–{boot.project.schema.labels.length} or a label's letter.
            </p>
          </div>
        )}
      </main>
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/contract/index';
import { applyLabelColours } from './editor/labelStyles';
import { ApiError, call, hostKind } from './lib/api';
import { AgreementView } from './views/agreement/AgreementView';
import { AGREEMENT_ROUTE, useAgreementRoute } from './views/agreement/useAgreementRoute';
import { BackupsDialog } from './views/BackupsDialog';
import { ExportView } from './views/export/ExportView';
import { EXPORT_ROUTE, useIsExportRoute } from './views/export/useExportRoute';
import { FirstRunDialog } from './views/FirstRunDialog';
import { ImportView } from './views/import/ImportView';
import { IMPORT_ROUTE, useIsImportRoute } from './views/import/useImportRoute';
import { RecoveryScreen } from './views/RecoveryScreen';
import { SaveIndicator, type SaveState } from './views/SaveIndicator';
import { StorageBanner } from './views/StorageBanner';
import { SuggestionsView } from './views/suggestions/SuggestionsView';
import { SUGGESTIONS_ROUTE, useIsSuggestionsRoute } from './views/suggestions/useSuggestionsRoute';
import { Workspace } from './views/Workspace';
import { TeamView } from './views/team/TeamView';
import { TEAM_ROUTE, useIsTeamRoute } from './views/team/useTeamRoute';
import { errorMessage } from './lib/errorMessage';

type Boot = MethodOutput<'app.bootstrap'>;

/** The workspace remounts when the import view closes and reloads its list then, so nothing to refresh here. */
const NO_REFRESH_NEEDED = () => undefined;

/** The window: header, then the workspace (document list and the open document), or the import or export view. */
export function App() {
  const [boot, setBoot] = useState<Boot | null>(null);
  const [bootError, setBootError] = useState<string | null>(null);
  const [databaseUnavailable, setDatabaseUnavailable] = useState(false);
  const [showBackups, setShowBackups] = useState(false);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const importing = useIsImportRoute();
  const exporting = useIsExportRoute();
  const teamwork = useIsTeamRoute();
  const suggesting = useIsSuggestionsRoute();
  const agreement = useAgreementRoute();

  const loadBoot = useCallback(() => {
    call('app.bootstrap', {}).then(
      (value) => {
        applyLabelColours(value.project.schema.labels);
        setBoot(value);
      },
      (caught: unknown) => {
        setDatabaseUnavailable(caught instanceof ApiError && caught.code === 'unavailable');
        setBootError(errorMessage(caught));
      },
    );
  }, []);
  useEffect(loadBoot, [loadBoot]);

  const closeBackups = useCallback(() => setShowBackups(false), []);

  if (databaseUnavailable) return <RecoveryScreen />;
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
        <a className="awb-header-link" href={importing ? '#/' : IMPORT_ROUTE} aria-current={importing ? 'page' : undefined}>
          Import
        </a>
        <a className="awb-header-link" href={exporting ? '#/' : EXPORT_ROUTE} aria-current={exporting ? 'page' : undefined}>
          Export
        </a>
        <a className="awb-header-link" href={teamwork ? '#/' : TEAM_ROUTE} aria-current={teamwork ? 'page' : undefined}>
          Team
        </a>
        <a className="awb-header-link" href={suggesting ? '#/' : SUGGESTIONS_ROUTE} aria-current={suggesting ? 'page' : undefined}>
          Suggestions
        </a>
        <a className="awb-header-link" href={agreement ? '#/' : AGREEMENT_ROUTE} aria-current={agreement ? 'page' : undefined}>
          Agreement
        </a>
        <span className="awb-spacer" />
        {hostKind() === 'http' && (
          <span className="awb-badge" title="No Electron runtime here: the app runs in your browser against a local server on 127.0.0.1.">
            Browser mode
          </span>
        )}
        <SaveIndicator state={saveState} />
        <button type="button" onClick={() => setShowBackups(true)}>
          Backups
        </button>
        <span className="awb-user" title="Annotator">
          {boot.annotator.name}
        </span>
      </header>
      {agreement ? (
        <main className="awb-main">
          <AgreementView route={agreement} schema={boot.project.schema} />
        </main>
      ) : importing || exporting || teamwork || suggesting ? (
        <main className="awb-main">
          {importing ? (
            <ImportView onImported={NO_REFRESH_NEEDED} />
          ) : exporting ? (
            <ExportView />
          ) : teamwork ? (
            <TeamView onProjectChanged={loadBoot} />
          ) : (
            <SuggestionsView />
          )}
        </main>
      ) : (
        <Workspace projectId={boot.project.id} schema={boot.project.schema} onSaveState={setSaveState} />
      )}
      <StorageBanner />
      {showBackups && <BackupsDialog onClose={closeBackups} />}
    </div>
  );
}

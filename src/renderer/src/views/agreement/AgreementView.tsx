import type { LabelSchema } from '../../../../shared/domain/labelSchema';
import { AgreementDashboard } from './AgreementDashboard';
import { CompareView } from './CompareView';
import type { AgreementRoute } from './useAgreementRoute';
import './agreement.css';

/** The agreement views: the dashboard, or one document's compare and adjudication view. */
export function AgreementView({ route, schema }: { route: Exclude<AgreementRoute, null>; schema: LabelSchema }) {
  return route.view === 'dashboard' ? <AgreementDashboard /> : <CompareView key={route.documentId} documentId={route.documentId} schema={schema} />;
}

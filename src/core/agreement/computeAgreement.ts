import { WorkbenchError } from '../errors';
import { countDocuments } from '../store/documents';
import { getProject } from '../store/projects';
import { prepareCached } from '../store/statementCache';
import type { Db } from '../store/types';
import type { AgreementSummary, CountingRule, DocumentComparison, TokenizerSpec } from '../../shared/contract/methods/agreement';
import { compareDocument } from './compareDocument';
import { AgreementAccumulator } from './corpusAgreement';
import { addDocuments } from './addStoredDocuments';
import { getAnnotatorNames, isLabelInUse, listCountingAnnotators, readAgreementDocument } from './loadInputs';
import { prepareSettings } from './settings';
import type { AgreementSettings } from './types';

/** What to compare in a stored project; everything but the project has a default. */
export type AgreementRequest = {
  projectId: string;
  /** Default: every annotator who counts for at least one document under the counting rule, by name. */
  annotators?: readonly string[];
  /** Default: the schema's labels (spans with other labels are counted in `spansOutsideLabels`). */
  labels?: readonly string[];
  /** Default: the project tokenizer. */
  tokenizer?: TokenizerSpec;
  /** Default: `done`. */
  counting?: CountingRule;
};

/**
 * Progress and cancellation, in the shape of the job system's JobControl (src/core/import/runImport.ts),
 * so that agreement can run as a job in a worker thread unchanged.
 */
export type AgreementControl = {
  isCancelled?: () => boolean;
  progress?: (update: { done: number; total: number; unit: 'items'; phase: string }) => void;
};

/** The settings a request stands for, with every default filled in and every name checked. */
export function resolveSettings(db: Db, request: AgreementRequest): AgreementSettings {
  const project = getProject(db, request.projectId);
  if (!project) throw new WorkbenchError('not_found', `No project with id ${request.projectId}.`);
  const schemaLabels = project.schema.labels.map((label) => label.name);
  // A label outside the schema (imported, or from an older schema) is compared only when named.
  const unknownLabel = request.labels?.find((label) => !schemaLabels.includes(label) && !isLabelInUse(db, project.id, label));
  if (unknownLabel !== undefined) {
    throw new WorkbenchError(
      'invalid_input',
      `Unknown label "${unknownLabel}": it is not in this project's schema (${schemaLabels.join(', ')}) and no span has it.`,
      {
        field: 'labels',
      },
    );
  }
  const counting = request.counting ?? 'done';
  let annotators: { id: string; name: string }[];
  if (request.annotators) {
    annotators = getAnnotatorNames(db, request.annotators);
    const missing = request.annotators.find((id) => !annotators.some((annotator) => annotator.id === id));
    if (missing !== undefined) throw new WorkbenchError('not_found', `No annotator with id ${missing}.`, { field: 'annotators' });
  } else {
    annotators = listCountingAnnotators(db, project.id, counting);
  }
  return { annotators, labels: request.labels ? [...request.labels] : schemaLabels, tokenizer: request.tokenizer ?? { kind: 'project' }, counting };
}

/**
 * Agreement over a stored project, read in one transaction (a consistent snapshot) one page of
 * documents at a time. Synchronous: run it where blocking is fine (the CLI, a job's worker
 * thread). Reports progress in documents and stops with a `cancelled` error when asked (it
 * writes nothing, so there is nothing to roll back). `computeAgreementInParallel`
 * (parallelAgreement.ts) gives the same summary with the documents shared between threads.
 */
export function computeAgreement(db: Db, request: AgreementRequest, control: AgreementControl = {}): AgreementSummary {
  return db.transaction(() => {
    const settings = resolveSettings(db, request);
    const accumulator = new AgreementAccumulator(settings);
    const total = countDocuments(db, request.projectId);
    addDocuments(db, request.projectId, accumulator, {}, { total, control });
    return accumulator.finish();
  })();
}

/** Everything behind one document's figures (span ids, token ranges), for drilling down from a figure. */
export function compareStoredDocument(db: Db, request: AgreementRequest & { documentId: string }): DocumentComparison {
  return db.transaction(() => {
    const settings = resolveSettings(db, request);
    const document = readAgreementDocument(
      db,
      request.documentId,
      settings.annotators.map((annotator) => annotator.id),
    );
    if (!document || !isInProject(db, request.documentId, request.projectId)) {
      throw new WorkbenchError('not_found', `No document with id ${request.documentId} in this project.`);
    }
    const tally = compareDocument(document, prepareSettings(settings), { detail: true });
    if (!tally.detail) {
      const why =
        tally.exclusion?.message ??
        (tally.outcome === 'single' ? 'only one selected annotator counts for this document' : 'no selected annotator counts for this document');
      throw new WorkbenchError('invalid_input', `"${document.title}" is not compared: ${why}.`, { outcome: tally.outcome });
    }
    return tally.detail;
  })();
}

function isInProject(db: Db, documentId: string, projectId: string): boolean {
  return (
    prepareCached<[string, string], { id: string }>(db, 'SELECT id FROM document WHERE id = ? AND project_id = ?').get(documentId, projectId) !== undefined
  );
}

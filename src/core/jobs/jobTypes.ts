import type { JobKind, JobResult } from '../../shared/contract/methods/jobs';
import type { ChosenPath } from '../import/units';
import type { ImportOptions } from '../../shared/contract/methods/imports';
import type { ExportRequest } from '../export/runExport';
import type { MergeRequest } from '../team/mergeBundles';
import type { OpenPackageRequest } from '../team/openPackage';
import type { BundleRequest } from '../team/writeBundle';
import type { PackagesRequest } from '../team/writePackages';
import type { GazetteerImportRequest } from '../suggestions/runGazetteerImport';
import type { SuggestRequest } from '../suggestions/runSuggest';
import type { AgreementRequest } from '../agreement/computeAgreement';

/** The input each job kind's runner takes (plain data: it crosses into a worker thread). */
export type JobInputs = {
  import: { paths: ChosenPath[]; options: ImportOptions };
  export: ExportRequest;
  packages: PackagesRequest;
  packageOpen: OpenPackageRequest;
  bundle: BundleRequest;
  merge: MergeRequest;
  gazetteer: GazetteerImportRequest;
  suggest: SuggestRequest;
  agreement: AgreementRequest & { projectId: string };
};

export type JobRequest = { [K in JobKind]: { kind: K; input: JobInputs[K] } }[JobKind];

/** Messages a job worker posts to the host. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; unit: 'bytes' | 'items'; phase: string }
  | { type: 'done'; result: JobResult }
  | { type: 'failed'; error: { code: string; message: string } };

/** What a job worker is started with. */
export type WorkerData = {
  request: JobRequest;
  dbPath: string;
  nativeBinding?: string | undefined;
  /** The built agreement helper thread (agreementWorker.js), when the app runs from its bundle. */
  agreementWorkerScript?: string | undefined;
  cancelFlag: SharedArrayBuffer;
};

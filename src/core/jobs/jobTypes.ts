import type { JobKind, JobResult } from '../../shared/contract/methods/jobs';
import type { ChosenPath } from '../import/units';
import type { ImportOptions } from '../../shared/contract/methods/imports';
import type { ExportRequest } from '../export/runExport';
import type { AgreementRequest } from '../agreement/computeAgreement';

/** The input each job kind's runner takes (plain data: it crosses into a worker thread). */
export type JobInputs = {
  import: { paths: ChosenPath[]; options: ImportOptions };
  export: ExportRequest;
  agreement: AgreementRequest & { projectId: string };
};

export type JobRequest = { [K in JobKind]: { kind: K; input: JobInputs[K] } }[JobKind];

/** Messages a job worker posts to the host. */
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; unit: 'bytes' | 'items'; phase: string }
  | { type: 'done'; result: JobResult }
  | { type: 'failed'; error: { code: string; message: string } };

/** What a job worker is started with. */
export type WorkerData = { request: JobRequest; dbPath: string; nativeBinding?: string | undefined; cancelFlag: SharedArrayBuffer };

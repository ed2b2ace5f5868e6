import type { z } from 'zod';
import { adjudicationMethods } from './methods/adjudication';
import { agreementMethods } from './methods/agreement';
import { annotationMethods } from './methods/annotations';
import { appMethods } from './methods/app';
import { documentMethods } from './methods/documents';
import { exportMethods } from './methods/exports';
import { importMethods } from './methods/imports';
import { jobMethods } from './methods/jobs';
import { storageMethods } from './methods/storage';
import { historyMethods } from './methods/history';
import { teamMethods } from './methods/team';
import { gazetteerMethods } from './methods/gazetteers';
import { suggestionMethods } from './methods/suggestions';

/**
 * The one table of methods both hosts serve (Electron IPC and loopback HTTP) and the renderer
 * calls. Each entry names its zod input and output schemas; hosts parse every input with them.
 * To add a method: add it to a namespace file under `methods/`, implement it in
 * `src/core/services/handlers.ts`, and both hosts and the preload pick it up.
 */
export const contract = {
  ...appMethods,
  ...documentMethods,
  ...annotationMethods,
  ...importMethods,
  ...jobMethods,
  ...storageMethods,
  ...historyMethods,
  ...exportMethods,
  ...agreementMethods,
  ...teamMethods,
  ...gazetteerMethods,
  ...suggestionMethods,
  ...adjudicationMethods,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives after parsing (defaults filled in). */
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
/** What a caller gets back. */
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** Whether a string names a contract method. */
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

/** The IPC channel of a method (`wb:documents.list`). */
export function channelOf(method: MethodName): string {
  return `wb:${method}`;
}

export { type ErrorCode, type ErrorPayload, type Result, ERROR_CODES } from './result';

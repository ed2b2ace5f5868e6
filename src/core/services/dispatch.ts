import type { z } from 'zod';
import { contract, isMethodName, type MethodName } from '../../shared/contract/index';
import { fail, ok, type Result } from '../../shared/contract/result';
import { findForbiddenKey } from '../../shared/contract/schemas';
import { toErrorPayload } from '../errors';
import type { Logger } from '../logger';
import type { Handler, Handlers } from './handlerTypes';

/** Calls a contract method by name with untrusted input and always answers with an envelope. */
export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>;

const MAX_ISSUES_REPORTED = 5;

/**
 * The single gate both hosts and the CLI call through: the method must exist, the input must
 * carry no prototype keys and must parse with the method's schema, the handler's result must
 * parse with the output schema. Nothing reaches a handler unvalidated, so a rejected call
 * writes nothing.
 */
export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) return fail('unknown_method', `There is no method "${method}".`);
    const forbidden = findForbiddenKey(input);
    if (forbidden) return fail('invalid_input', `${method}: the key "${forbidden.at(-1) ?? ''}" at ${['input', ...forbidden].join('.')} is not allowed.`);
    const spec = contract[method];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) return fail('invalid_input', `${method}: ${describeIssues(parsed.error)}`);
    try {
      const handler: Handler<MethodName> = handlers[method];
      const value: unknown = await handler(parsed.data);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        logger.error(`${method} produced output that breaks the contract: ${describeIssues(checked.error)}`);
        return fail('internal', `${method} produced an invalid result; this is a bug.`);
      }
      return ok(checked.data);
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code === 'internal') logger.error(`${method} failed`, error);
      return { ok: false, error: payload };
    }
  };
}

/** "field.path: message; …" for the first few issues of a zod error. */
export function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, MAX_ISSUES_REPORTED).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > MAX_ISSUES_REPORTED ? ` (and ${error.issues.length - MAX_ISSUES_REPORTED} more)` : '';
  return issues.join('; ') + more;
}

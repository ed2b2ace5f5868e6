import type { MethodName, MethodOutput, MethodParsedInput } from '../../shared/contract/index';

/** The implementation of one contract method: parsed input in, output (or its promise) out. */
export type Handler<M extends MethodName> = (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** Implementations of every contract method; the compiler insists none is missing. */
export type Handlers = { [M in MethodName]: Handler<M> };

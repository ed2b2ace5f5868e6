import type { z } from 'zod';

/** One method of the contract: what it does, what it accepts and what it returns. */
export type MethodSpec<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> = {
  description: string;
  input: Input;
  output: Output;
};

/** Declares a contract method; the identity function keeps the exact schema types. */
export function defineMethod<Input extends z.ZodType, Output extends z.ZodType>(spec: MethodSpec<Input, Output>): MethodSpec<Input, Output> {
  return spec;
}

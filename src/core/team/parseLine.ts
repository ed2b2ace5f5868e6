import type { z } from 'zod';
import { ArchiveError } from './zipArchive';

/** Parses one value with a schema, or refuses the archive naming the entry, line and field. */
export function parseLine<T>(schema: z.ZodType<T>, input: unknown, file: string, entry: string, line: number | null): T {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new ArchiveError(file, `${entry}${line !== null ? `, line ${line}` : ''}: not valid JSON.`);
    }
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? ` field ${issue.path.map(String).join('.')}` : '';
  throw new ArchiveError(file, `${entry}${line !== null ? `, line ${line}` : ''},${field || ' value'}: ${issue?.message ?? 'invalid'}.`);
}

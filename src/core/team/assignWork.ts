import { createHash } from 'node:crypto';
import { WorkbenchError } from '../errors';

/** A document as the assignment sees it: its id and the SHA-256 of its text. */
export type AssignableDocument = { id: string; textSha256: string };

/** Which documents each annotator gets (by annotator id, documents in the assignment's order). */
export type Assignment = Map<string, string[]>;

function rank(seed: number, kind: string, key: string): string {
  return createHash('sha256').update(`awb-assign-v1:${seed}:${kind}:${key}`).digest('hex');
}

/**
 * Gives each document to `k` different annotators, balanced, decided by the seed alone.
 *
 * Documents are put in the order of SHA-256(`awb-assign-v1:<seed>:document:<text_sha256>`) and
 * annotators in the order of SHA-256(`awb-assign-v1:<seed>:annotator:<id>`) (ties by id). The
 * document at position i goes to the annotators at positions (i·k + j) mod n for j = 0…k−1: k
 * different annotators (k ≤ n), and dealing the D·k places round the circle gives every annotator
 * ⌊D·k/n⌋ or ⌈D·k/n⌉ documents, with each pair of annotators sharing documents about equally
 * (what agreement needs). Only the seed, the texts and the annotator ids matter — never the order
 * they were chosen in, local row numbers or the machine — so every machine computes the same.
 */
export function assignWork(documents: readonly AssignableDocument[], annotatorIds: readonly string[], k: number, seed: number): Assignment {
  const team = [...new Set(annotatorIds)];
  if (team.length === 0) throw new WorkbenchError('invalid_input', 'Choose at least one annotator.');
  if (!Number.isInteger(k) || k < 1 || k > team.length) {
    throw new WorkbenchError('invalid_input', `Each document can go to 1 to ${team.length} annotators (the number chosen); got ${k}.`);
  }
  const annotators = team
    .map((id) => ({ id, key: rank(seed, 'annotator', id) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((entry) => entry.id);
  const ordered = [...documents]
    .map((document) => ({ document, key: rank(seed, 'document', document.textSha256) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.document.id < b.document.id ? -1 : 1));
  const result: Assignment = new Map(annotators.map((id) => [id, []]));
  ordered.forEach(({ document }, index) => {
    for (let j = 0; j < k; j++) result.get(annotators[(index * k + j) % annotators.length] ?? '')?.push(document.id);
  });
  return result;
}

import { replaceDocumentSuggestions, type DocumentText } from '../store/suggestions';
import type { Db } from '../store/types';
import { TokenBuffer } from '../../shared/text/tokenBuffer';
import { documentCandidates, type SuggestionSource } from './sources';

/**
 * Replaces what the given sources had suggested for one document with what they suggest now
 * (every candidate, overlapping ones included: which to offer is chosen when they are listed,
 * against the annotator's spans and answers at that moment). Call inside a transaction.
 * Returns the number of suggestions stored per source.
 */
export function writeDocumentSuggestions(
  db: Db,
  document: DocumentText,
  sourceNames: readonly string[],
  sources: readonly SuggestionSource[],
  now: string,
  tokens: TokenBuffer = new TokenBuffer(),
): Map<string, number> {
  const candidates = documentCandidates(document.text, sources, tokens);
  // Candidates are stored as they are (their extra `priority` is not a column): no copy of each.
  replaceDocumentSuggestions(db, document.id, sourceNames, candidates, now);
  const perSource = new Map<string, number>();
  for (const candidate of candidates) perSource.set(candidate.source, (perSource.get(candidate.source) ?? 0) + 1);
  return perSource;
}

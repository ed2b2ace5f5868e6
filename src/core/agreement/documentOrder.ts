import type { DocumentRow } from '../../shared/contract/methods/agreement';

/**
 * Documents with the most disagreement first: spans without an exact partner plus attribute
 * disagreements (summed over pairs), then disagreeing tokens, then the order they were read in.
 */
export function byDisagreement(rows: readonly DocumentRow[]): DocumentRow[] {
  const score = (row: DocumentRow) => row.span.exactUnmatched + row.span.attributeDisagreements;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => score(y.row) - score(x.row) || y.row.token.disagreeingTokens - x.row.token.disagreeingTokens || x.index - y.index)
    .map(({ row }) => row);
}

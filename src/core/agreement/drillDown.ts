import type { DocumentRow, DrillFocus } from '../../shared/contract/methods/agreement';

type PairRow = DocumentRow['pairs'][number];

/** A document row with how much it disagrees on the focused figure. */
export type DrilledRow = DocumentRow & { disagreement: number };

/**
 * The documents behind a figure, the most disagreement first (docs/agreement.md, "Drill-down").
 * A document is behind a figure when it contributes to it: for a pair figure, both annotators
 * count for it; for a label's span figure, the pair has spans of that label there; for attributes,
 * the pair has matched spans (of the label) there. Its `disagreement` is what it contributes to
 * the figure falling short of 1: disagreeing tokens for token figures (per label: tokens on which
 * the counted annotators do not all agree about the label), spans without a partner for span F1,
 * attribute disagreements for attributes. Rows come in the run's order (the most disagreement
 * first overall), which breaks ties.
 */
export function drillDown(rows: readonly DocumentRow[], focus: DrillFocus): DrilledRow[] {
  const pairSelected = pairFilter(focus);
  const drilled: DrilledRow[] = [];
  for (const row of rows) {
    const pairs = row.pairs.filter(pairSelected);
    const hasPairFocus = focus.a !== undefined || focus.annotator !== undefined;
    if (hasPairFocus && pairs.length === 0) continue;
    const measured = measure(row, pairs, focus, hasPairFocus);
    if (measured === null) continue;
    drilled.push({ ...row, disagreement: measured });
  }
  // A stable sort keeps the run's order among equals.
  return drilled.sort((x, y) => y.disagreement - x.disagreement);
}

function pairFilter(focus: DrillFocus): (pair: PairRow) => boolean {
  if (focus.a !== undefined && focus.b !== undefined) {
    const { a, b } = focus;
    return (pair) => (pair.a === a && pair.b === b) || (pair.a === b && pair.b === a);
  }
  if (focus.annotator !== undefined) {
    const { annotator } = focus;
    return (pair) => pair.a === annotator || pair.b === annotator;
  }
  return () => true;
}

/** How much a row disagrees on the focused figure, or null when it is not behind the figure. */
function measure(row: DocumentRow, pairs: readonly PairRow[], focus: DrillFocus, hasPairFocus: boolean): number | null {
  const { label } = focus;
  const labelled = (pair: PairRow) => (label === undefined ? null : (pair.labels.find((entry) => entry.label === label) ?? null));
  switch (focus.measure) {
    case 'any':
      if (label !== undefined && !pairs.some((pair) => labelled(pair))) return null;
      return hasPairFocus
        ? sum(pairs, (pair) => pair.aSpans + pair.bSpans - 2 * pair.exactMatched + pair.attributeDisagreements)
        : row.span.exactUnmatched + row.span.attributeDisagreements;
    case 'tokens': {
      if (label !== undefined) {
        const tokens = row.token.labels.find((entry) => entry.label === label)?.disagreeingTokens ?? 0;
        return pairs.some((pair) => labelled(pair)) || tokens > 0 ? tokens : null;
      }
      return hasPairFocus ? sum(pairs, (pair) => pair.disagreeingTokens) : row.token.disagreeingTokens;
    }
    case 'exact':
    case 'overlap': {
      const matched = focus.measure === 'exact' ? 'exactMatched' : 'overlapMatched';
      let spans = 0;
      let unmatched = 0;
      for (const pair of pairs) {
        const counts = label === undefined ? pair : labelled(pair);
        if (!counts) continue;
        spans += counts.aSpans + counts.bSpans;
        unmatched += counts.aSpans + counts.bSpans - 2 * counts[matched];
      }
      return spans > 0 ? unmatched : null;
    }
    case 'attributes': {
      const compared = pairs.filter((pair) => (label === undefined ? pair.overlapMatched > 0 : (labelled(pair)?.overlapMatched ?? 0) > 0));
      return compared.length > 0 ? sum(compared, (pair) => pair.attributeDisagreements) : null;
    }
  }
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}

/** A focus in words, as the dashboard and the report name it ("LOCATION · exact span F1 · Ana–Bo"). */
export function describeFocus(focus: DrillFocus, nameOf: (id: string) => string): string {
  const measures: Record<DrillFocus['measure'], string> = {
    any: 'all disagreements',
    tokens: 'token agreement',
    exact: 'exact span F1',
    overlap: 'overlap span F1',
    attributes: 'attribute agreement',
  };
  const parts = [measures[focus.measure]];
  if (focus.label !== undefined) parts.unshift(focus.label);
  if (focus.a !== undefined && focus.b !== undefined) parts.push(`${nameOf(focus.a)}–${nameOf(focus.b)}`);
  else if (focus.annotator !== undefined) parts.push(`pairs with ${nameOf(focus.annotator)}`);
  return parts.join(' · ');
}

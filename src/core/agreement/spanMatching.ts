import { maxWeightAssignment } from './assignment';

/** What matching looks at: code-point offsets, end exclusive. */
export type MatchableSpan = { readonly id: string; readonly start: number; readonly end: number; readonly label: string };

/** Index pairs [i in a, j in b]. */
export type IndexPairs = Array<[number, number]>;

/** The order every matching walks spans in, so the result never depends on storage order. */
export function compareSpans(x: MatchableSpan, y: MatchableSpan): number {
  return x.start - y.start || x.end - y.end || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
}

/** Characters two spans share (0 when they do not overlap). */
export function sharedCharacters(x: MatchableSpan, y: MatchableSpan): number {
  return Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
}

/**
 * Exact matching: same start, end and label, one to one. Duplicate spans (the same range and
 * label twice) pair up in id order. Returns the index pairs in span order.
 */
export function exactMatching(a: readonly MatchableSpan[], b: readonly MatchableSpan[]): IndexPairs {
  const waiting = new Map<string, number[]>();
  const bOrder = indexOrder(b);
  for (const j of bOrder) {
    const span = b[j]!;
    const key = `${span.start}:${span.end}:${span.label}`;
    const list = waiting.get(key);
    if (list) list.push(j);
    else waiting.set(key, [j]);
  }
  const pairs: IndexPairs = [];
  for (const i of indexOrder(a)) {
    const span = a[i]!;
    const j = waiting.get(`${span.start}:${span.end}:${span.label}`)?.shift();
    if (j !== undefined) pairs.push([i, j]);
  }
  return pairs;
}

/**
 * Overlap matching: pairs of spans with the same label that share at least one character, one to
 * one. Among all such matchings it takes one with (1) the most pairs, then (2) the most exact
 * pairs, then (3) the most shared characters; what is left tied is settled by the assignment
 * method's fixed order over spans sorted by start, end, label and id.
 */
export function overlapMatching(a: readonly MatchableSpan[], b: readonly MatchableSpan[]): IndexPairs {
  return maximumMatching(a, b, true, null, null);
}

/**
 * After an overlap matching, pairs the spans it left over that overlap across labels (they can
 * only differ in label: two left-over overlapping spans of one label would have made the overlap
 * matching larger), by the same preferences. This is what the label confusion matrix counts.
 */
export function crossLabelMatching(a: readonly MatchableSpan[], b: readonly MatchableSpan[], matched: IndexPairs): IndexPairs {
  const aTaken = new Uint8Array(a.length);
  const bTaken = new Uint8Array(b.length);
  for (const [i, j] of matched) {
    aTaken[i] = 1;
    bTaken[j] = 1;
  }
  return maximumMatching(a, b, false, aTaken, bTaken);
}

function indexOrder(spans: readonly MatchableSpan[]): number[] {
  return spans.map((_, i) => i).sort((x, y) => compareSpans(spans[x]!, spans[y]!));
}

/**
 * Maximum matching between overlapping spans, solved separately on each group of spans linked by
 * overlaps (a group is small: the spans around one mention), as a maximum-weight assignment whose
 * weights rank (1) pairs, (2) exact pairs, (3) shared characters lexicographically.
 */
function maximumMatching(
  a: readonly MatchableSpan[],
  b: readonly MatchableSpan[],
  sameLabel: boolean,
  aTaken: Uint8Array | null,
  bTaken: Uint8Array | null,
): IndexPairs {
  type Entry = { side: 0 | 1; index: number; span: MatchableSpan };
  const entries: Entry[] = [];
  a.forEach((span, index) => {
    if (!aTaken?.[index]) entries.push({ side: 0, index, span });
  });
  b.forEach((span, index) => {
    if (!bTaken?.[index]) entries.push({ side: 1, index, span });
  });
  entries.sort(
    (x, y) => (sameLabel && x.span.label !== y.span.label ? (x.span.label < y.span.label ? -1 : 1) : 0) || compareSpans(x.span, y.span) || x.side - y.side,
  );

  const pairs: IndexPairs = [];
  let group: Entry[] = [];
  let groupEnd = -1;
  let groupLabel = '';
  const flush = () => {
    if (group.length > 1) solveGroup(group, sameLabel, pairs);
    group = [];
  };
  for (const entry of entries) {
    if (group.length > 0 && (entry.span.start >= groupEnd || (sameLabel && entry.span.label !== groupLabel))) flush();
    if (group.length === 0) {
      groupEnd = entry.span.end;
      groupLabel = entry.span.label;
    }
    group.push(entry);
    groupEnd = Math.max(groupEnd, entry.span.end);
  }
  flush();
  return pairs.sort((x, y) => compareSpans(a[x[0]]!, a[y[0]]!));

  function solveGroup(members: Entry[], labelMustMatch: boolean, out: IndexPairs): void {
    const rows = members.filter((entry) => entry.side === 0);
    const columns = members.filter((entry) => entry.side === 1);
    if (rows.length === 0 || columns.length === 0) return;
    if (rows.length === 1 && columns.length === 1) {
      const [row, column] = [rows[0]!, columns[0]!];
      // Two spans in one group overlap; only the label can keep them apart.
      if (!labelMustMatch || row.span.label === column.span.label) out.push([row.index, column.index]);
      return;
    }
    // Shared characters of a matching never reach `sharedUnit`, and exact pairs never reach rows + 1.
    const sharedUnit = rows.reduce((sum, entry) => sum + (entry.span.end - entry.span.start), 0) + 1;
    const exactUnit = sharedUnit;
    const pairUnit = (Math.min(rows.length, columns.length) + 1) * exactUnit;
    const weights = rows.map((row) =>
      columns.map((column) => {
        const shared = sharedCharacters(row.span, column.span);
        if (shared === 0 || (labelMustMatch && row.span.label !== column.span.label)) return 0;
        const exact = row.span.start === column.span.start && row.span.end === column.span.end && row.span.label === column.span.label ? 1 : 0;
        return pairUnit + exact * exactUnit + shared;
      }),
    );
    const assigned = maxWeightAssignment(weights, columns.length);
    assigned.forEach((column, row) => {
      if (column >= 0) out.push([rows[row]!.index, columns[column]!.index]);
    });
  }
}

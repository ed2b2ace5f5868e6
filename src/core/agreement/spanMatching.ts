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
  // A merge of the two lists in span order: equal keys meet, in id order within a key.
  const aOrder = indexOrder(a);
  const bOrder = indexOrder(b);
  const pairs: IndexPairs = [];
  let x = 0;
  let y = 0;
  while (x < aOrder.length && y < bOrder.length) {
    const i = aOrder[x]!;
    const j = bOrder[y]!;
    const s = a[i]!;
    const t = b[j]!;
    const order = s.start - t.start || s.end - t.end || (s.label < t.label ? -1 : s.label > t.label ? 1 : 0);
    if (order === 0) {
      pairs.push([i, j]);
      x++;
      y++;
    } else if (order < 0) {
      x++;
    } else {
      y++;
    }
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
  // Nothing left on one side: nothing to pair (the common case).
  if (matched.length === a.length || matched.length === b.length) return [];
  const aTaken = new Uint8Array(a.length);
  const bTaken = new Uint8Array(b.length);
  for (const [i, j] of matched) {
    aTaken[i] = 1;
    bTaken[j] = 1;
  }
  return maximumMatching(a, b, false, aTaken, bTaken);
}

/** Indices of the spans in span order (no sort when they already are, as compareDocument passes them). */
function indexOrder(spans: readonly MatchableSpan[]): number[] {
  const order = spans.map((_, i) => i);
  for (let i = 1; i < spans.length; i++) {
    if (compareSpans(spans[i - 1]!, spans[i]!) > 0) return order.sort((x, y) => compareSpans(spans[x]!, spans[y]!));
  }
  return order;
}

/**
 * Maximum matching between overlapping spans. One sweep in span order cuts both lists into groups
 * linked by overlaps (a group is small: the spans around one mention); each group is solved as a
 * maximum-weight assignment whose weights rank (1) pairs, (2) exact pairs, (3) shared characters
 * lexicographically. With `sameLabel`, only spans of one label are paired.
 */
function maximumMatching(
  a: readonly MatchableSpan[],
  b: readonly MatchableSpan[],
  sameLabel: boolean,
  aTaken: Uint8Array | null,
  bTaken: Uint8Array | null,
): IndexPairs {
  const aOrder = aTaken ? indexOrder(a).filter((i) => !aTaken[i]) : indexOrder(a);
  const bOrder = bTaken ? indexOrder(b).filter((j) => !bTaken[j]) : indexOrder(b);
  const pairs: IndexPairs = [];
  const rows: number[] = [];
  const columns: number[] = [];
  let groupEnd = -1;
  let x = 0;
  let y = 0;
  while (x < aOrder.length || y < bOrder.length) {
    const fromA = y >= bOrder.length || (x < aOrder.length && compareSpans(a[aOrder[x]!]!, b[bOrder[y]!]!) <= 0);
    const span = fromA ? a[aOrder[x]!]! : b[bOrder[y]!]!;
    if (rows.length + columns.length > 0 && span.start >= groupEnd) {
      solveGroup(a, b, rows, columns, sameLabel, pairs);
      rows.length = 0;
      columns.length = 0;
    }
    if (fromA) rows.push(aOrder[x++]!);
    else columns.push(bOrder[y++]!);
    groupEnd = Math.max(groupEnd, span.end);
  }
  solveGroup(a, b, rows, columns, sameLabel, pairs);
  // Groups come in span order; only labels solved apart within a group can be out of order.
  for (let k = 1; k < pairs.length; k++) {
    if (compareSpans(a[pairs[k - 1]![0]]!, a[pairs[k]![0]]!) > 0) return pairs.sort((p, q) => compareSpans(a[p[0]]!, a[q[0]]!));
  }
  return pairs;
}

/** Matches one group (indices into a and b, in span order), per label when `sameLabel`. */
function solveGroup(a: readonly MatchableSpan[], b: readonly MatchableSpan[], rows: number[], columns: number[], sameLabel: boolean, out: IndexPairs): void {
  if (rows.length === 0 || columns.length === 0) return;
  if (rows.length === 1 && columns.length === 1) {
    const [i, j] = [rows[0]!, columns[0]!];
    if (sharedCharacters(a[i]!, b[j]!) > 0 && (!sameLabel || a[i]!.label === b[j]!.label)) out.push([i, j]);
    return;
  }
  if (!sameLabel) {
    assign(a, b, rows, columns, out);
    return;
  }
  for (const label of new Set(rows.map((i) => a[i]!.label))) {
    const labelColumns = columns.filter((j) => b[j]!.label === label);
    if (labelColumns.length > 0)
      assign(
        a,
        b,
        rows.filter((i) => a[i]!.label === label),
        labelColumns,
        out,
      );
  }
}

/** The best assignment of rows to columns among overlapping pairs, by (pairs, exact pairs, shared characters). */
function assign(a: readonly MatchableSpan[], b: readonly MatchableSpan[], rows: number[], columns: number[], out: IndexPairs): void {
  // Shared characters of a matching never reach `exactUnit`, and exact pairs never reach min(rows, columns) + 1.
  const exactUnit = rows.reduce((sum, i) => sum + (a[i]!.end - a[i]!.start), 0) + 1;
  const pairUnit = (Math.min(rows.length, columns.length) + 1) * exactUnit;
  const weights = rows.map((i) =>
    columns.map((j) => {
      const [s, t] = [a[i]!, b[j]!];
      const shared = sharedCharacters(s, t);
      if (shared === 0) return 0;
      const exact = s.start === t.start && s.end === t.end && s.label === t.label ? 1 : 0;
      return pairUnit + exact * exactUnit + shared;
    }),
  );
  maxWeightAssignment(weights, columns.length).forEach((column, row) => {
    if (column >= 0) out.push([rows[row]!, columns[column]!]);
  });
}

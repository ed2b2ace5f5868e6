/** A range with a label, in any unit (both sides must use the same). */
export type LabelledRange = { start: number; end: number; label: string };

/** Something a source proposes: a labelled range and its rank among sources (lower wins a tie). */
export type Ranked = LabelledRange & { priority: number };

/**
 * Chooses which candidates to offer: longest first (then leftmost, then by source priority), each
 * kept only if it overlaps no candidate already kept and no existing span. Existing spans block
 * every overlap when the schema forbids overlap; when it allows overlap, they block only an exact
 * duplicate (same range and label). Returns the kept candidates ordered by start.
 */
export function selectCandidates<T extends Ranked>(candidates: readonly T[], existing: readonly LabelledRange[], allowOverlap: boolean): T[] {
  const taken = new IntervalSet();
  const duplicates = new Set(existing.map((span) => `${span.start}:${span.end}:${span.label}`));
  if (!allowOverlap) for (const span of existing) taken.add(span.start, span.end);
  // What overlaps an existing span is never kept, whatever the order: left out before sorting
  // (propagation in a densely labelled document proposes many times more than it can offer).
  const open = allowOverlap ? candidates : candidates.filter((candidate) => !taken.overlaps(candidate.start, candidate.end));
  const ordered = [...open].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.priority - b.priority);
  const kept: T[] = [];
  for (const candidate of ordered) {
    if (candidate.end <= candidate.start) continue;
    if (duplicates.has(`${candidate.start}:${candidate.end}:${candidate.label}`)) continue;
    if (taken.overlaps(candidate.start, candidate.end)) continue;
    taken.add(candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Half-open intervals that may overlap each other (existing spans can), answering "does [s, e)
 * meet any of them" by binary search over starts plus the longest interval seen.
 */
class IntervalSet {
  private starts: number[] = [];
  private ends: number[] = [];
  private longest = 0;

  add(start: number, end: number): void {
    const at = this.lowerBound(start);
    this.starts.splice(at, 0, start);
    this.ends.splice(at, 0, end);
    this.longest = Math.max(this.longest, end - start);
  }

  overlaps(start: number, end: number): boolean {
    // Any interval meeting [start, end) starts before `end` and after `start - longest`.
    for (let i = this.lowerBound(end) - 1; i >= 0; i--) {
      const s = this.starts[i]!;
      if (s + this.longest <= start) break;
      if (this.ends[i]! > start) return true;
    }
    return false;
  }

  private lowerBound(value: number): number {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.starts[mid]! < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

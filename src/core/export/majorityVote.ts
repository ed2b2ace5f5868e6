import { createHash } from 'node:crypto';
import type { AttributeValue } from '../../shared/contract/schemas';
import type { AnnotatorRef, ExportSpan } from './exportTypes';

/** The author of a majority-vote span. */
export const MAJORITY_ANNOTATOR: AnnotatorRef = { id: 'majority-vote', name: 'Majority vote' };

/** A span exactly half of the annotators marked: reported, not written. */
export type MajorityTie = { documentId: string; start: number; end: number; label: string; text: string; votes: number; voters: number };

export type MajorityResult = { spans: ExportSpan[]; ties: MajorityTie[]; attributeTies: number };

const compare = (a: ExportSpan, b: ExportSpan) =>
  a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The majority vote over a document's annotators: a span (same start, end and label) is kept when
 * more than half of the voters marked it; one that exactly half marked is a tie and is reported.
 * Each attribute takes the value most of the agreeing spans give it; when two values are equally
 * frequent the attribute is left out and counted. A kept span's id is derived from the text's
 * SHA-256, offsets and label, so it is the same on every machine.
 */
export function majorityVote(document: { id: string; textSha256: string }, voters: readonly AnnotatorRef[], spans: readonly ExportSpan[]): MajorityResult {
  const groups = new Map<string, Map<string, ExportSpan>>();
  for (const span of spans) {
    const key = `${span.start}:${span.end}:${span.label}`;
    let byVoter = groups.get(key);
    if (!byVoter) {
      byVoter = new Map();
      groups.set(key, byVoter);
    }
    if (!byVoter.has(span.annotator.id)) byVoter.set(span.annotator.id, span);
  }
  const result: MajorityResult = { spans: [], ties: [], attributeTies: 0 };
  const voterCount = voters.length;
  for (const [key, byVoter] of groups) {
    const agreeing = [...byVoter.values()];
    const votes = agreeing.length;
    const first = agreeing[0];
    if (!first) continue;
    if (votes * 2 === voterCount) {
      result.ties.push({ documentId: document.id, start: first.start, end: first.end, label: first.label, text: first.text, votes, voters: voterCount });
      continue;
    }
    if (votes * 2 < voterCount) continue;
    const attributes: Record<string, AttributeValue> = {};
    const names = [...new Set(agreeing.flatMap((span) => Object.keys(span.attributes)))].sort();
    for (const name of names) {
      const tally = new Map<string, { value: AttributeValue; count: number }>();
      for (const span of agreeing) {
        if (!Object.hasOwn(span.attributes, name)) continue;
        const value = span.attributes[name] ?? null;
        const id = JSON.stringify(value);
        const entry = tally.get(id) ?? { value, count: 0 };
        entry.count++;
        tally.set(id, entry);
      }
      const ranked = [...tally.values()].sort((a, b) => b.count - a.count);
      if (ranked.length > 1 && ranked[0]?.count === ranked[1]?.count) result.attributeTies++;
      else if (ranked[0]) attributes[name] = ranked[0].value;
    }
    result.spans.push({
      id: `maj-${createHash('sha256').update(`${document.textSha256}:${key}`).digest('hex').slice(0, 32)}`,
      start: first.start,
      end: first.end,
      text: first.text,
      label: first.label,
      attributes,
      annotator: MAJORITY_ANNOTATOR,
      origin: 'manual',
      layer: 'annotator',
      votes: { votes, voters: voterCount },
    });
  }
  result.spans.sort(compare);
  return result;
}

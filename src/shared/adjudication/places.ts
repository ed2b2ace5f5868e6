import type { AttributeValue } from '../contract/schemas';

/** A span as places group it: code-point offsets, end exclusive. */
export type PlaceSpan = {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
};

/** One annotator's spans. */
export type Lane = { readonly annotatorId: string; readonly spans: readonly PlaceSpan[] };

/**
 * A place: a stretch of text where spans overlap, a maximal group of the counted annotators' and
 * the gold layer's spans linked by shared characters. Adjudication decides place by place.
 */
export type Place = {
  readonly index: number;
  /** Code points, end exclusive: from the first start to the last end of its spans. */
  readonly start: number;
  readonly end: number;
  /** Each lane's spans here, in lane order (an empty list when the annotator marked nothing here). */
  readonly lanes: readonly { readonly annotatorId: string; readonly spans: readonly PlaceSpan[] }[];
  readonly gold: readonly PlaceSpan[];
  /** Every lane (two or more) marked exactly the same spans here: offsets, labels and attributes. */
  readonly agreed: boolean;
  /** The lanes whose spans here are exactly the gold layer's (the decision already taken, if any). */
  readonly goldMatches: readonly string[];
};

/** A span's identity for agreement: offsets, label and attributes (in key order). */
export function spanSignature(span: PlaceSpan): string {
  const attributes = Object.keys(span.attributes)
    .filter((key) => span.attributes[key] !== null && span.attributes[key] !== undefined)
    .sort()
    .map((key) => [key, span.attributes[key]]);
  return JSON.stringify([span.start, span.end, span.label, attributes]);
}

/** The sorted signatures of a list of spans: equal lists mean the same spans. */
function signatureList(spans: readonly PlaceSpan[]): string {
  return JSON.stringify(spans.map(spanSignature).sort());
}

/**
 * Groups spans into places, in text order. A place grows while the next span (by start) begins
 * before the place ends, so spans that chain by overlap share a place even when the first and
 * last do not overlap. Attributes with a null value count as absent, as the schema reads them.
 */
export function buildPlaces(lanes: readonly Lane[], gold: readonly PlaceSpan[]): Place[] {
  type Entry = { span: PlaceSpan; lane: number };
  const entries: Entry[] = [];
  lanes.forEach((lane, index) => lane.spans.forEach((span) => entries.push({ span, lane: index })));
  gold.forEach((span) => entries.push({ span, lane: -1 }));
  entries.sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end || x.lane - y.lane);
  const places: Place[] = [];
  let group: Entry[] = [];
  let groupEnd = -1;
  const close = () => {
    if (group.length === 0) return;
    const laneSpans = lanes.map((lane, index) => ({
      annotatorId: lane.annotatorId,
      spans: group.filter((entry) => entry.lane === index).map((entry) => entry.span),
    }));
    const goldSpans = group.filter((entry) => entry.lane === -1).map((entry) => entry.span);
    const signatures = laneSpans.map((lane) => signatureList(lane.spans));
    const goldSignature = signatureList(goldSpans);
    places.push({
      index: places.length,
      start: Math.min(...group.map((entry) => entry.span.start)),
      end: groupEnd,
      lanes: laneSpans,
      gold: goldSpans,
      agreed: lanes.length >= 2 && signatures.every((signature) => signature === signatures[0]),
      goldMatches: goldSpans.length === 0 ? [] : laneSpans.filter((_, index) => signatures[index] === goldSignature).map((lane) => lane.annotatorId),
    });
    group = [];
  };
  for (const entry of entries) {
    if (entry.span.start >= groupEnd) close();
    group.push(entry);
    groupEnd = group.length === 1 ? entry.span.end : Math.max(groupEnd, entry.span.end);
  }
  close();
  return places;
}

/** The places where the annotators do not all agree (what "next disagreement" steps through). */
export function disagreements(places: readonly Place[]): Place[] {
  return places.filter((place) => !place.agreed);
}

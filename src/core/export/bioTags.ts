import { WorkbenchError } from '../errors';

/** The BIO tag names for a label list: O first, then B- and I- of each label in schema order. */
export function bioTagNames(labels: readonly string[]): string[] {
  return ['O', ...labels.flatMap((label) => [`B-${label}`, `I-${label}`])];
}

/** BIO tags (names) for `count` tokens from non-overlapping spans given as inclusive token ranges. */
export function bioTags(count: number, spans: readonly { first: number; last: number; label: string }[]): string[] {
  const tags = new Array<string>(count).fill('O');
  for (const span of spans) {
    tags[span.first] = `B-${span.label}`;
    for (let index = span.first + 1; index <= span.last; index++) tags[index] = `I-${span.label}`;
  }
  return tags;
}

/**
 * Reads spans back from BIO tags (strictly: an I- must continue a B- or I- of the same label).
 * Exports decode what they wrote and compare it with the spans they meant to write.
 */
export function decodeBio(tags: readonly string[]): { first: number; last: number; label: string }[] {
  const spans: { first: number; last: number; label: string }[] = [];
  let open: { first: number; last: number; label: string } | null = null;
  tags.forEach((tag, index) => {
    if (tag.startsWith('I-') && open && open.label === tag.slice(2) && open.last === index - 1) {
      open.last = index;
      return;
    }
    if (tag.startsWith('I-')) throw new WorkbenchError('internal', `BIO tag ${tag} at token ${index} does not continue a span.`);
    open = null;
    if (tag.startsWith('B-')) {
      open = { first: index, last: index, label: tag.slice(2) };
      spans.push(open);
    }
  });
  return spans;
}

/** Throws when the tags do not give back exactly the spans they were made from. */
export function checkBioRoundTrip(tags: readonly string[], spans: readonly { first: number; last: number; label: string }[], documentId: string): void {
  const decoded = decodeBio(tags);
  const same =
    decoded.length === spans.length &&
    decoded.every((span, index) => span.first === spans[index]?.first && span.last === spans[index]?.last && span.label === spans[index]?.label);
  if (!same)
    throw new WorkbenchError(
      'internal',
      `The BIO tags of document ${documentId} do not give back the spans they were made from; the export was removed. This is a bug.`,
    );
}

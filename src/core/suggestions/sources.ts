import type { Attributes } from '../../shared/contract/schemas';
import { findLabel, type LabelSchema } from '../../shared/domain/labelSchema';
import { prefillAttributes } from '../../shared/domain/prefillAttributes';
import { validateAttributes } from '../../shared/domain/validateAttributes';
import { OffsetMap } from '../../shared/text/offsetMap';
import { TokenBuffer } from '../../shared/text/tokenBuffer';
import { tokenizeInto } from '../../shared/text/tokenize';
import { CASUALTY_RULE_SOURCE, findCasualtyCounts } from './casualtyRule';
import { defaultFlagsFor, labelPropagates } from './labelRules';
import { flagsForEntry } from './matchFlags';
import { PhraseMatcher } from './matching/phraseMatcher';
import type { Ranked } from './matching/selectCandidates';
import type { MatchKeyword } from '../../shared/contract/methods/gazetteers';

/** The source name of propagation from labelled spans. */
export const PROPAGATION_SOURCE = 'propagation';

/** The source name of a gazetteer (what `origin_source` records for spans accepted from it). */
export function gazetteerSource(name: string): string {
  return `gazetteer:${name}`;
}

/** A proposal for one document: code-point offsets, end exclusive. */
export type Candidate = Ranked & { attributes: Attributes; quote: string; source: string; detail: string | null };

/** One entry a phrase source matches: its label, attributes and what to show as the reason. */
type PhraseEntry = { label: string; attributes: Attributes; detail: string };

/** What every source of a run shares for one text: the text, its tokens and its offset map. */
export type TextScope = { text: string; tokens: TokenBuffer; offsets: OffsetMap };

/** Tokenizes a text once for every source (the buffer is reused between documents). */
export function scopeOf(text: string, tokens: TokenBuffer = new TokenBuffer()): TextScope {
  tokenizeInto(text, tokens);
  return { text, tokens, offsets: new OffsetMap(text) };
}

/**
 * A source of suggestions: given a tokenized text, its candidates. A built source never changes
 * and its candidates depend on the text alone (not on the document, the database or the time):
 * documentCandidates relies on that to reuse them. A source that needs more is built anew.
 */
export interface SuggestionSource {
  readonly name: string;
  candidates(scope: TextScope): Candidate[];
}

/**
 * A source backed by a {@link PhraseMatcher}: a gazetteer, or the project's labelled spans
 * (propagation). Both are whole-token matches found in one pass over the text.
 */
export class PhraseSource implements SuggestionSource {
  private readonly matcher = new PhraseMatcher();
  private readonly entries: PhraseEntry[] = [];

  constructor(
    readonly name: string,
    private readonly priority: number,
  ) {}

  /** Adds an entry with its written forms; returns whether any form could be matched. */
  add(entry: PhraseEntry, forms: readonly string[], flags: Parameters<PhraseMatcher['add']>[2]): boolean {
    const index = this.entries.length;
    let added = false;
    for (const form of forms) added = this.matcher.add(index, form, flags) || added;
    if (added) this.entries.push(entry);
    return added;
  }

  build(): this {
    this.matcher.build();
    return this;
  }

  get size(): number {
    return this.entries.length;
  }

  candidates({ text, tokens, offsets }: TextScope): Candidate[] {
    return this.matcher.match(text, tokens).map((match) => {
      const entry = this.entries[match.entry]!;
      return {
        start: offsets.toCodePoint(match.start),
        end: offsets.toCodePoint(match.end),
        label: entry.label,
        attributes: entry.attributes,
        quote: text.slice(match.start, match.end),
        source: this.name,
        detail: entry.detail,
        priority: this.priority,
      };
    });
  }
}

/** One gazetteer entry as a source needs it. */
export type GazetteerSourceEntry = { surface: string; label: string; attributes: Attributes; variants: readonly string[]; match: readonly MatchKeyword[] };

/** A gazetteer as a source: every entry's surface form and variants, with its own match flags. */
export function gazetteerPhraseSource(name: string, entries: Iterable<GazetteerSourceEntry>): PhraseSource {
  const source = new PhraseSource(gazetteerSource(name), 0);
  for (const entry of entries) {
    source.add(
      { label: entry.label, attributes: entry.attributes, detail: entry.surface },
      [entry.surface, ...entry.variants],
      flagsForEntry(entry.label, entry.match),
    );
  }
  return source.build();
}

/** A labelled text the project's annotators agree on enough to propagate: its label, quote and attributes. */
export type PropagationSeed = { label: string; quote: string; attributes: Attributes };

/** Longest quote propagation considers, in UTF-16 units: a long span is a one-off, not a name. */
const MAX_SEED_LENGTH = 200;

/**
 * Propagation: every labelled text (of a label that propagates) is matched elsewhere with the
 * label's case rule, offering the same label and attributes. Seeds come most frequent first, so
 * when one text carries two labels the more frequent wins a tie.
 */
export function propagationSource(seeds: Iterable<PropagationSeed>): PhraseSource {
  const source = new PhraseSource(PROPAGATION_SOURCE, 1);
  for (const seed of seeds) {
    if (!labelPropagates(seed.label) || seed.quote.length > MAX_SEED_LENGTH) continue;
    source.add({ label: seed.label, attributes: seed.attributes, detail: seed.quote }, [seed.quote], defaultFlagsFor(seed.label));
  }
  return source.build();
}

/**
 * The casualty rule: number expressions near casualty words, as CASUALTY_COUNT with `value` and
 * `qualifier` read by the editor's parser (prefillAttributes) and `status` from the casualty word,
 * each kept only where the project's CASUALTY_COUNT defines and accepts it.
 */
export function casualtySource(schema: LabelSchema): SuggestionSource | null {
  const label = findLabel(schema, 'CASUALTY_COUNT');
  if (!label) return null;
  return {
    name: CASUALTY_RULE_SOURCE,
    candidates({ text, tokens, offsets }) {
      return findCasualtyCounts(text, tokens).map((finding) => {
        const quote = text.slice(finding.start, finding.end);
        const attributes: Attributes = { ...prefillAttributes(label, quote) };
        if (validateAttributes(label, { ...attributes, status: finding.status }).length === 0) attributes.status = finding.status;
        return {
          start: offsets.toCodePoint(finding.start),
          end: offsets.toCodePoint(finding.end),
          label: label.name,
          attributes,
          quote,
          source: CASUALTY_RULE_SOURCE,
          detail: finding.cue,
          priority: 2,
        };
      });
    },
  };
}

/** Each source's candidates for the last text it was asked about. */
const lastText = new WeakMap<SuggestionSource, { text: string; candidates: Candidate[] }>();

/**
 * Every candidate of the sources for one text, unordered (selection happens when they are
 * offered). A built source never changes, so each remembers its candidates for the last text it
 * saw: the editor refreshes one document's suggestions after every span it saves, and only the
 * sources rebuilt since (propagation, when a span changed) scan the text again; the text is
 * tokenized only if one does.
 */
export function documentCandidates(text: string, sources: readonly SuggestionSource[], tokens: TokenBuffer = new TokenBuffer()): Candidate[] {
  let scope: TextScope | null = null;
  return sources.flatMap((source) => {
    const remembered = lastText.get(source);
    if (remembered?.text === text) return remembered.candidates;
    scope ??= scopeOf(text, tokens);
    const candidates = source.candidates(scope);
    lastText.set(source, { text, candidates });
    return candidates;
  });
}

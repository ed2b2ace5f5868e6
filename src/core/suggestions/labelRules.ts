import type { MatchFlags } from './matching/fold';

/**
 * How each label's written forms are matched when nothing else is said (propagation always; a
 * gazetteer entry unless its `match` column says otherwise), and which labels propagate.
 *
 * - ACTOR and LOCATION are names: case-sensitive ("Washington" the actor, not "washington" in a
 *   URL; "US" the state, never "us"). A list that wants otherwise says `ignore-case`.
 * - WEAPON is a common noun ("drone", "Drone" at a sentence start): case is ignored.
 * - CASUALTY_COUNT does not propagate: "three" labelled once says nothing about every other
 *   "three"; counts come from the casualty rule, which reads each number in its context.
 * - Any other label (a project's own schema): case-sensitive, propagates.
 */
const RULES: Record<string, { flags: MatchFlags; propagates: boolean }> = {
  ACTOR: { flags: { ignoreCase: false, ignoreDiacritics: false, ignoreHyphens: false, foldAlef: false }, propagates: true },
  LOCATION: { flags: { ignoreCase: false, ignoreDiacritics: false, ignoreHyphens: false, foldAlef: false }, propagates: true },
  WEAPON: { flags: { ignoreCase: true, ignoreDiacritics: false, ignoreHyphens: false, foldAlef: false }, propagates: true },
  CASUALTY_COUNT: { flags: { ignoreCase: true, ignoreDiacritics: false, ignoreHyphens: false, foldAlef: false }, propagates: false },
};

const OTHER = { flags: { ignoreCase: false, ignoreDiacritics: false, ignoreHyphens: false, foldAlef: false }, propagates: true };

/** The default match flags of a label. */
export function defaultFlagsFor(label: string): MatchFlags {
  return { ...(RULES[label] ?? OTHER).flags };
}

/** Whether a label's spans are propagated to their other occurrences. */
export function labelPropagates(label: string): boolean {
  return (RULES[label] ?? OTHER).propagates;
}

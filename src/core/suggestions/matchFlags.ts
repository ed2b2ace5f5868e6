import type { MatchKeyword } from '../../shared/contract/methods/gazetteers';
import { defaultFlagsFor } from './labelRules';
import { FOLD_NONE, type MatchFlags } from './matching/fold';

/**
 * The match flags of a gazetteer entry: its label's defaults (labelRules.ts), then each keyword
 * of its `match` field in order. `exact` resets to no folding and case-sensitive; every other
 * keyword turns one fold on (`ignore-*`, `fold-alef`) or case-sensitivity back on (`match-case`).
 */
export function flagsForEntry(label: string, keywords: readonly MatchKeyword[]): MatchFlags {
  const flags = defaultFlagsFor(label);
  for (const keyword of keywords) {
    if (keyword === 'exact') Object.assign(flags, FOLD_NONE);
    else if (keyword === 'ignore-case') flags.ignoreCase = true;
    else if (keyword === 'match-case') flags.ignoreCase = false;
    else if (keyword === 'ignore-diacritics') flags.ignoreDiacritics = true;
    else if (keyword === 'ignore-hyphens') flags.ignoreHyphens = true;
    else flags.foldAlef = true;
  }
  return flags;
}

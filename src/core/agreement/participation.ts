import type { CountingRule } from '../../shared/contract/methods/agreement';
import type { AnnotatorWork } from './types';

/** Whether an annotator's work on a document counts, and if not, why. */
export type Participation = { counted: true } | { counted: false; reason: 'absent' | 'unfinished' | 'skipped' };

/**
 * The one rule of who counts for a document, used by every figure (docs/agreement.md, "Who
 * counts for a document"). Marking a document done is the annotator's statement that every token
 * without a span is outside every entity, so a done document with no spans counts as all `O`.
 * Without it, a missing span may only mean "not read yet", and counting it as `O` would turn
 * unfinished work into disagreement: so by default (`done`) only done documents count. Under
 * `done-or-annotated`, a document with live spans counts too, unfinished or not. A skipped
 * document never counts: the annotator declined to annotate it.
 */
export function participation(work: AnnotatorWork | undefined, rule: CountingRule): Participation {
  if (!work) return { counted: false, reason: 'absent' };
  switch (work.status) {
    case 'skipped':
      return { counted: false, reason: 'skipped' };
    case 'done':
      return { counted: true };
    case 'todo':
    case 'in_progress':
      if (rule === 'done-or-annotated' && work.spans.length > 0) return { counted: true };
      return { counted: false, reason: work.spans.length > 0 || work.status === 'in_progress' ? 'unfinished' : 'absent' };
  }
}

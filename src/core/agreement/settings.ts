import { WorkbenchError } from '../errors';
import { createTokenizer, type Tokenizer } from './tokenizers';
import type { AgreementSettings } from './types';

/** An annotator pair: indices into the selected annotators, i < j. */
export type AnnotatorPair = { readonly index: number; readonly i: number; readonly j: number; readonly a: string; readonly b: string };

/** Settings checked and indexed once for a whole computation. */
export type PreparedSettings = {
  readonly settings: AgreementSettings;
  readonly annotatorIds: readonly string[];
  readonly annotatorNames: ReadonlyMap<string, string>;
  readonly labels: readonly string[];
  /** 'O' then the labels: token categories. */
  readonly categories: readonly string[];
  /** Label → category (1-based). */
  readonly categoryOf: ReadonlyMap<string, number>;
  readonly tokenizer: Tokenizer;
  readonly pairs: readonly AnnotatorPair[];
  /** pairIndex[i × annotators + j] for i < j. */
  readonly pairIndex: Int32Array;
};

/** Checks the settings (no duplicate annotator or label, at least one label, a valid token pattern) and indexes them. */
export function prepareSettings(settings: AgreementSettings): PreparedSettings {
  const annotatorIds = settings.annotators.map((annotator) => annotator.id);
  const duplicateAnnotator = annotatorIds.find((id, i) => annotatorIds.indexOf(id) !== i);
  if (duplicateAnnotator !== undefined)
    throw new WorkbenchError('invalid_input', `Annotator ${duplicateAnnotator} is selected twice.`, { field: 'annotators' });
  if (settings.labels.length === 0) throw new WorkbenchError('invalid_input', 'Select at least one label to compare.', { field: 'labels' });
  const duplicateLabel = settings.labels.find((label, i) => settings.labels.indexOf(label) !== i);
  if (duplicateLabel !== undefined) throw new WorkbenchError('invalid_input', `Label ${duplicateLabel} is selected twice.`, { field: 'labels' });
  if (settings.labels.includes('O'))
    throw new WorkbenchError('invalid_input', 'No label may be called "O": it names tokens outside every span.', { field: 'labels' });
  const count = annotatorIds.length;
  const pairs: AnnotatorPair[] = [];
  const pairIndex = new Int32Array(count * count).fill(-1);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      pairIndex[i * count + j] = pairs.length;
      pairs.push({ index: pairs.length, i, j, a: annotatorIds[i]!, b: annotatorIds[j]! });
    }
  }
  return {
    settings,
    annotatorIds,
    annotatorNames: new Map(settings.annotators.map((annotator) => [annotator.id, annotator.name])),
    labels: settings.labels,
    categories: ['O', ...settings.labels],
    categoryOf: new Map(settings.labels.map((label, i) => [label, i + 1])),
    tokenizer: createTokenizer(settings.tokenizer),
    pairs,
    pairIndex,
  };
}

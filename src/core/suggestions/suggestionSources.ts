import { WorkbenchError } from '../errors';
import { listGazetteers, readGazetteerEntries } from '../store/gazetteers';
import { propagationSeeds, spansSignature } from '../store/suggestions';
import type { Db } from '../store/types';
import type { Project } from '../../shared/contract/methods/app';
import { CASUALTY_RULE_SOURCE } from './casualtyRule';
import {
  casualtySource,
  gazetteerPhraseSource,
  gazetteerSource,
  PROPAGATION_SOURCE,
  propagationSource,
  type PhraseSource,
  type SuggestionSource,
} from './sources';

/** A source a run may choose, with what it is. */
export type SourceChoice = { source: string; description: string };

/** The sources a project's suggestion runs can use: propagation, the casualty rule (if the schema has CASUALTY_COUNT), and each gazetteer. */
export function sourceChoices(db: Db, project: Project): SourceChoice[] {
  const choices: SourceChoice[] = [{ source: PROPAGATION_SOURCE, description: "Other occurrences of texts the project's annotators have labelled" }];
  if (project.schema.labels.some((label) => label.name === 'CASUALTY_COUNT')) {
    choices.push({ source: CASUALTY_RULE_SOURCE, description: 'Numbers near casualty words (killed, wounded, martyrs, …) as CASUALTY_COUNT' });
  }
  for (const gazetteer of listGazetteers(db, project.id)) {
    choices.push({ source: gazetteerSource(gazetteer.name), description: `Gazetteer “${gazetteer.name}” (${gazetteer.entryCount} entries)` });
  }
  return choices;
}

/** Checks source names against the project's choices; none given means all of them. */
export function resolveSourceNames(db: Db, project: Project, wanted: readonly string[] | undefined): string[] {
  const available = sourceChoices(db, project).map((choice) => choice.source);
  if (!wanted) return available;
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new WorkbenchError(
      'invalid_input',
      `Unknown suggestion source ${unknown.map((name) => `"${name}"`).join(', ')}; this project has ${available.join(', ')}.`,
    );
  }
  return [...new Set(wanted)];
}

type Cache = {
  gazetteers: Map<string, { key: string; source: PhraseSource }>;
  propagation: { key: string; source: PhraseSource } | null;
  casualty: { key: string; source: SuggestionSource | null } | null;
};
const caches = new WeakMap<Db, Cache>();

/**
 * Builds the named sources. With `reuse`, automata are kept per connection between calls (the
 * editor asks for one document at a time): a gazetteer's until it is replaced, propagation's
 * until any span changes, the casualty rule's until the schema changes (a kept source also keeps
 * its candidates for the last text it scanned: see documentCandidates). A run over many documents
 * builds each once and needs no cache.
 */
export function buildSources(db: Db, project: Project, names: readonly string[], reuse = false): SuggestionSource[] {
  let cache = caches.get(db);
  if (!cache && reuse) {
    cache = { gazetteers: new Map(), propagation: null, casualty: null };
    caches.set(db, cache);
  }
  const gazetteers = new Map(listGazetteers(db, project.id).map((gazetteer) => [gazetteerSource(gazetteer.name), gazetteer]));
  const sources: SuggestionSource[] = [];
  for (const name of names) {
    if (name === PROPAGATION_SOURCE) {
      const key = `${project.id}:${spansSignature(db)}`;
      if (reuse && cache?.propagation?.key === key) sources.push(cache.propagation.source);
      else {
        const source = propagationSource(propagationSeeds(db, project.id));
        if (reuse && cache) cache.propagation = { key, source };
        sources.push(source);
      }
    } else if (name === CASUALTY_RULE_SOURCE) {
      const key = `${project.id}:${JSON.stringify(project.schema)}`;
      const source = reuse && cache?.casualty?.key === key ? cache.casualty.source : casualtySource(project.schema);
      if (reuse && cache) cache.casualty = { key, source };
      if (source) sources.push(source);
    } else {
      const gazetteer = gazetteers.get(name);
      if (!gazetteer) continue;
      const key = `${gazetteer.id}:${gazetteer.updatedAt}`;
      const cached = reuse ? cache?.gazetteers.get(name) : undefined;
      if (cached?.key === key) sources.push(cached.source);
      else {
        const source = gazetteerPhraseSource(gazetteer.name, readGazetteerEntries(db, gazetteer.id));
        if (reuse && cache) cache.gazetteers.set(name, { key, source });
        sources.push(source);
      }
    }
  }
  return sources;
}

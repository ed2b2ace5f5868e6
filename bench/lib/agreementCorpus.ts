import { insertAnnotator } from '../../src/core/store/annotators';
import { setDocumentStatus } from '../../src/core/store/documentStatus';
import { addDocument } from '../../src/core/services/addDocument';
import { activeProject } from '../../src/core/services/session';
import type { Workbench } from '../../src/core/workbench';
import { seededRandom } from '../../src/core/testing/seededRandom';
import { insertManualSpan } from '../../src/core/testing/fixtures';

/**
 * A generated corpus for the agreement benchmark, written through the real store: articles of
 * about 3 KB in the project's domain (made-up sentences, no real article text), three annotators
 * who mostly agree and disagree the way the guidelines expect (boundaries, labels, misses,
 * attributes), and a few documents left unfinished or skipped.
 */

const FILLER = (
  'officials said on Monday that the attack near the border followed weeks of rising tension in the area ' +
  'according to a statement released later by the office while witnesses described heavy fire and smoke ' +
  'over the district as families fled toward the river and the main road stayed closed for most of the day'
).split(' ');

const ENTITIES: Record<string, { phrases: string[]; attributes: Record<string, string[]> }> = {
  ACTOR: {
    phrases: ['the army', 'Coalition forces', 'the Northern Brigade', 'the Interior Ministry', 'local militias', 'civilians', 'the Defence Minister'],
    attributes: { actor_type: ['state_force', 'non_state_armed', 'civilian', 'state_political'], side: ['unknown', 'other', 'iraq_state'] },
  },
  LOCATION: {
    phrases: ['Rivertown', 'Camp Harbor', 'the Eastern Province', 'Al-Qasr', 'Tower 9', 'Port Selim', 'the northern district'],
    attributes: { granularity: ['country', 'admin1', 'populated_place', 'site'] },
  },
  WEAPON: {
    phrases: ['drone', 'rockets', 'mortar shells', 'a ballistic missile', 'artillery', 'an explosive device'],
    attributes: { category: ['uav_drone', 'rocket', 'missile_ballistic', 'artillery_mortar'] },
  },
  CASUALTY_COUNT: {
    phrases: ['three', 'at least 12', 'dozens', '40', 'two', 'more than 20'],
    attributes: { qualifier: ['exact', 'at_least', 'approximate'], status: ['killed', 'injured'] },
  },
};
const LABELS = Object.keys(ENTITIES);

type Mention = { start: number; end: number; label: string; attributes: Record<string, string> };

/** One article: text of about `bytes` characters and the mentions a careful annotator would tag. */
function article(index: number, bytes: number, next: () => number): { text: string; mentions: Mention[] } {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  let text = `Report ${index}: `;
  const mentions: Mention[] = [];
  while (text.length < bytes) {
    const words: string[] = [];
    const length = 12 + Math.floor(next() * 10);
    for (let w = 0; w < length; w++) {
      if (next() < 0.09) {
        const label = pick(LABELS);
        const entity = ENTITIES[label]!;
        const phrase = pick(entity.phrases);
        const start = text.length + words.reduce((sum, word) => sum + word.length + 1, 0);
        const attributes = Object.fromEntries(Object.entries(entity.attributes).map(([name, values]) => [name, pick(values)]));
        mentions.push({ start, end: start + phrase.length, label, attributes });
        words.push(phrase);
      } else {
        words.push(pick(FILLER));
      }
    }
    text += `${words.join(' ')}${next() < 0.2 ? ',' : '.'}${next() < 0.1 ? '\n' : ' '}`;
  }
  return { text, mentions };
}

/** One annotator's reading of the mentions: mostly the same, sometimes a boundary, label, attribute or miss. */
function annotate(mentions: readonly Mention[], text: string, next: () => number): Mention[] {
  const spans: Mention[] = [];
  for (const mention of mentions) {
    const roll = next();
    if (roll < 0.05) continue; // missed
    let { start, end, label } = mention;
    const attributes = { ...mention.attributes };
    if (roll < 0.1) {
      // Boundary: drop a leading word ("the army" → "army") or take the next word too.
      const space = text.indexOf(' ', start);
      if (space > 0 && space < end - 1) start = space + 1;
      else end = Math.min(text.length, text.indexOf(' ', end + 1) > 0 ? text.indexOf(' ', end + 1) : end);
    } else if (roll < 0.13) {
      label = LABELS[(LABELS.indexOf(label) + 1) % LABELS.length]!;
      const values = ENTITIES[label]!.attributes;
      for (const key of Object.keys(attributes)) delete attributes[key];
      for (const [name, list] of Object.entries(values)) attributes[name] = list[0]!;
    } else if (roll < 0.18) {
      const [name, values] = Object.entries(ENTITIES[label]!.attributes)[0]!;
      attributes[name] = values[(values.indexOf(attributes[name]!) + 1) % values.length]!;
    }
    spans.push({ start, end, label, attributes });
  }
  return spans;
}

/** Writes `documents` generated articles with three annotators' work; returns the project id. */
export function writeAgreementCorpus(workbench: Workbench, documents: number, bytes = 3000): string {
  const { db } = workbench;
  const projectId = activeProject(workbench.context).id;
  const now = '2024-02-05T10:00:00.000Z';
  const annotators = ['ana', 'bo', 'cy'];
  for (const id of annotators) insertAnnotator(db, { id, name: id, role: 'annotator', createdAt: now });
  const next = seededRandom(7);
  let spanId = 0;
  const batch = 250;
  for (let from = 0; from < documents; from += batch) {
    db.transaction(() => {
      for (let index = from; index < Math.min(documents, from + batch); index++) {
        const { text, mentions } = article(index, bytes, next);
        const document = addDocument(workbench.context, { projectId, title: `Report ${index}`, text });
        annotators.forEach((annotatorId, a) => {
          const roll = next();
          // About 2% unfinished and 1% skipped per annotator.
          const status = roll < 0.02 ? 'in_progress' : roll < 0.03 ? 'skipped' : 'done';
          setDocumentStatus(db, document.id, annotatorId, status, now);
          if (status === 'skipped') return;
          for (const span of annotate(mentions, text, seededRandom(index * 3 + a + 1))) {
            insertManualSpan(db, {
              id: `s${spanId++}`,
              documentId: document.id,
              annotatorId,
              start: span.start,
              end: span.end,
              label: span.label,
              attributes: span.attributes,
              quote: text.slice(span.start, span.end),
              at: now,
            });
          }
        });
      }
    })();
  }
  return projectId;
}

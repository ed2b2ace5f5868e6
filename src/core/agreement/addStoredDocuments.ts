import { WorkbenchError } from '../errors';
import type { Db } from '../store/types';
import type { AgreementControl } from './computeAgreement';
import { AgreementAccumulator, type AgreementPart } from './corpusAgreement';
import type { PreparedSettings } from './settings';
import { readAgreementDocuments } from './loadInputs';

/** Documents by seq: after `afterSeq`, up to and including `throughSeq` (both optional). */
export type SeqRange = { afterSeq?: number; throughSeq?: number };

/**
 * Reads the project's documents in a range and adds them to an accumulator, checking for cancel
 * and reporting progress every {@link PAGE} documents. `done` says how many documents are done
 * in all (this range's and any counted elsewhere at the same time); by default this range's.
 * Call inside a read transaction.
 */
export function addDocuments(
  db: Db,
  projectId: string,
  accumulator: AgreementAccumulator,
  range: SeqRange,
  progress: { total: number; control: AgreementControl; done?: (mine: number) => number },
): void {
  const { control, total } = progress;
  const done = progress.done ?? ((mine: number) => mine);
  let mine = 0;
  for (const document of readAgreementDocuments(db, projectId, accumulator.prepared.annotatorIds, range)) {
    accumulator.add(document);
    if (++mine % PAGE === 0) {
      if (control.isCancelled?.()) throw new WorkbenchError('cancelled', `Agreement was cancelled after ${done(mine)} of ${total} documents.`);
      control.progress?.({ done: done(mine), total, unit: 'items', phase: 'Comparing documents' });
    }
  }
  control.progress?.({ done: done(mine), total, unit: 'items', phase: 'Comparing documents' });
}

/** How often progress is reported and cancellation checked, in documents. */
export const PAGE = 50;

/** Cells of the Int32Array that threads counting one corpus share: the cancel flag, the next chunk to claim, then each thread's documents done. */
export const CANCEL_CELL = 0;
export const NEXT_CHUNK_CELL = 1;
export const FIRST_THREAD_CELL = 2;

/**
 * Claims chunks of a corpus one at a time from a counter shared by every thread counting it
 * (so a thread that starts late or runs slower simply counts fewer), counts each in an
 * accumulator of its own, and returns the parts by chunk index for merging in corpus order.
 * Writes this thread's documents done into its cell; `control` sees every thread's (`allDone`).
 * Call inside a read transaction.
 */
export function countClaimedChunks(
  db: Db,
  projectId: string,
  prepared: PreparedSettings,
  chunks: readonly SeqRange[],
  shared: Int32Array,
  cell: number,
  progress: { total: number; control: AgreementControl; allDone: () => number },
): [number, AgreementPart][] {
  const parts: [number, AgreementPart][] = [];
  let before = 0;
  for (;;) {
    // Checked before every chunk too: a chunk may be shorter than a page.
    if (progress.control.isCancelled?.()) {
      throw new WorkbenchError('cancelled', `Agreement was cancelled after ${progress.allDone()} of ${progress.total} documents.`);
    }
    const chunk = Atomics.add(shared, NEXT_CHUNK_CELL, 1);
    if (chunk >= chunks.length) return parts;
    const accumulator = new AgreementAccumulator(prepared);
    addDocuments(db, projectId, accumulator, chunks[chunk]!, {
      total: progress.total,
      control: progress.control,
      done: (mine) => {
        Atomics.store(shared, cell, before + mine);
        return progress.allDone();
      },
    });
    before += accumulator.documentsAdded;
    Atomics.store(shared, cell, before);
    parts.push([chunk, accumulator.part()]);
  }
}

/** Documents done by every thread, from their cells. */
export function documentsDone(shared: Int32Array): number {
  let done = 0;
  for (let cell = FIRST_THREAD_CELL; cell < shared.length; cell++) done += Atomics.load(shared, cell);
  return done;
}

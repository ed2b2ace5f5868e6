import { createHash } from 'node:crypto';
import type { ExportSplit } from '../../shared/contract/methods/exports';
import type { SplitName } from './exportTypes';

/**
 * Where a document goes in a train/dev/test split. The draw is SHA-256 of the seed and the
 * document's text SHA-256, read as a number in [0, 1): it depends on nothing local (not the
 * database's UUIDs, not the import order, not the other documents), so the same seed and ratios
 * put the same article in the same part on every machine, and adding documents later never moves
 * the ones already placed. Counts follow the ratios closely on large exports, not exactly.
 */
export function splitOf(textSha256: string, split: ExportSplit): SplitName {
  const digest = createHash('sha256').update(`awb-split-v1:${split.seed}:${textSha256}`, 'utf8').digest();
  // 48 bits are plenty and stay exact in a double.
  const draw = digest.readUIntBE(0, 6) / 2 ** 48;
  if (draw < split.train) return 'train';
  if (draw < split.train + split.dev) return 'dev';
  return 'test';
}

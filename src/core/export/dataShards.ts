import type { ExportedFile } from '../../shared/contract/methods/exports';
import type { AtomicFile, ExportFolder } from './exportFolder';
import type { SplitName } from './exportTypes';

/** How a data file is laid out: lines (JSONL, CoNLL), or the items of one JSON array. */
export type FileLayout = { extension: string; header?: string; separator?: string; footer?: string };

type Shard = { file: AtomicFile; documents: number; spans: number; items: number };

/**
 * The data files of an export: `data-00000.<ext>`, `data-00001.<ext>`… (under `train/`, `dev/`
 * and `test/` when split), each holding at most `shardSize` documents. A document's records
 * always go to one file; a file is committed (fsynced and renamed into place) when it is full or
 * the export ends.
 */
export class DataShards {
  readonly files: ExportedFile[] = [];
  private readonly current = new Map<string, Shard>();
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly folder: ExportFolder,
    private readonly layout: FileLayout,
    private readonly shardSize: number | null,
  ) {}

  /** Writes one document's records (already serialised) to its split's current file. */
  write(split: SplitName | null, items: string[], spans: number): void {
    const key = split ?? '';
    let shard = this.current.get(key);
    if (shard && this.shardSize !== null && shard.documents >= this.shardSize) {
      this.close(key, shard);
      shard = undefined;
    }
    if (!shard) {
      const index = this.counters.get(key) ?? 0;
      this.counters.set(key, index + 1);
      const name = `data-${String(index).padStart(5, '0')}${this.layout.extension}`;
      shard = { file: this.folder.file(split ? `${split}/${name}` : name), documents: 0, spans: 0, items: 0 };
      if (this.layout.header) shard.file.write(this.layout.header);
      this.current.set(key, shard);
    }
    for (const item of items) {
      if (shard.items > 0 && this.layout.separator) shard.file.write(this.layout.separator);
      shard.file.write(item);
      shard.items++;
    }
    shard.documents++;
    shard.spans += spans;
  }

  /** Commits every open file. */
  finish(): void {
    for (const [key, shard] of [...this.current.entries()]) this.close(key, shard);
    this.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private close(key: string, shard: Shard): void {
    if (this.layout.footer) shard.file.write(this.layout.footer);
    const written = this.folder.commit(shard.file);
    this.files.push({ ...written, documents: shard.documents, spans: shard.spans });
    this.current.delete(key);
  }
}

/** Per-document folders of at most `shardSize` documents (brat: a .txt and .ann per document). */
export class FolderShards {
  private readonly counts = new Map<string, { index: number; documents: number }>();

  constructor(private readonly shardSize: number | null) {}

  /** The folder (relative) for the next document of a split. */
  next(split: SplitName | null): string {
    const key = split ?? '';
    let state = this.counts.get(key);
    if (!state) {
      state = { index: 0, documents: 0 };
      this.counts.set(key, state);
    } else if (this.shardSize !== null && state.documents >= this.shardSize) {
      state.index++;
      state.documents = 0;
    }
    state.documents++;
    const name = `data-${String(state.index).padStart(5, '0')}`;
    return split ? `${split}/${name}` : name;
  }
}

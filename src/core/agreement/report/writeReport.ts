import type { ExportedFile } from '../../../shared/contract/methods/exports';
import { ExportFolder } from '../../export/exportFolder';
import { exportFolderName } from '../../export/runExport';
import { reportFiles, type ReportInput } from './reportContent';

/** Where a report goes: exactly this folder (empty or new: the CLI's --report), or a new folder inside this one (the dashboard). */
export type ReportTarget = { kind: 'exactly'; path: string } | { kind: 'inside'; parent: string };

/**
 * Writes a report's files the way exports are written (docs/formats.md, "Files"): each into a
 * hidden temporary file, fsynced and renamed, the folder fsynced last; on any failure everything
 * it wrote is removed.
 */
export function writeReport(input: ReportInput, target: ReportTarget): { folder: string; files: Omit<ExportedFile, 'documents' | 'spans'>[] } {
  const folder =
    target.kind === 'exactly'
      ? ExportFolder.exactly(target.path)
      : ExportFolder.inside(target.parent, exportFolderName(input.projectName, 'agreement', input.createdAt));
  try {
    const files = reportFiles(input).map((file) => folder.writeWhole(file.path, file.content));
    folder.sync();
    return { folder: folder.root, files };
  } catch (error) {
    folder.discard();
    throw error;
  }
}

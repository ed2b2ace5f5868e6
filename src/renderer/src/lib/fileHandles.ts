import type { FileHandle } from '../../../shared/contract/methods/imports';
import type { Result } from '../../../shared/contract/result';
import { accessToken } from './accessToken';
import { ApiError, call, hostKind } from './api';

/**
 * Turns files the user chose or dropped into opaque handles the import methods take. The page
 * never names a path: in the desktop app the main process's dialog (or, for a drop, the preload)
 * resolves files; in a browser each file is uploaded to the local server, which keeps a copy.
 */
export async function handlesForFiles(files: readonly File[], onUploading?: (name: string) => void): Promise<FileHandle[]> {
  const handles: FileHandle[] = [];
  for (const file of files) {
    if (window.workbenchFiles) {
      handles.push(unwrap(await window.workbenchFiles.handleForDroppedFile(file)));
    } else {
      onUploading?.(file.name);
      handles.push(await upload(file));
    }
  }
  return handles;
}

/** The desktop app's file dialog; null in a browser, which uses an upload field instead. */
export async function pickWithDialog(folder: boolean): Promise<FileHandle[] | null> {
  if (hostKind() !== 'electron') return null;
  return (await call('files.pick', { purpose: 'import', folder })).files;
}

async function upload(file: File): Promise<FileHandle> {
  const token = accessToken();
  if (!token) throw new ApiError('unauthorized', 'This page has no access token: open the address that "npm start" printed.');
  let response: Response;
  try {
    response = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
      body: file,
    });
  } catch {
    throw new ApiError('internal', `Uploading ${file.name} failed: the workbench server does not answer.`);
  }
  return unwrap((await response.json()) as Result<FileHandle>);
}

function unwrap(result: Result<FileHandle>): FileHandle {
  if (!result.ok) throw new ApiError(result.error.code, result.error.message, result.error.details);
  return result.value;
}

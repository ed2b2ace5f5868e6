import { isAbsolute, basename } from 'node:path';
import type { FileHandleRegistry, FilePicker } from '../../core/files/fileHandles';
import { toErrorPayload } from '../../core/errors';
import { fail, ok, type Result } from '../../shared/contract/result';
import type { FileHandle } from '../../shared/contract/methods/imports';
import { isAppUrl } from '../security/appOrigin';
import type { IpcEventLike } from '../ipc/createIpcHandler';

export { DROPPED_FILE_CHANNEL } from '../../shared/contract/methods/imports';

/** The Electron dialog as the registry's picker (injected so this module stays testable). */
export type ShowOpenDialog = (options: { properties: ('openFile' | 'openDirectory' | 'multiSelections')[]; title: string }) => Promise<{
  canceled: boolean;
  filePaths: string[];
}>;

/** Builds the registry's picker from Electron's open dialog: only what the user chose there comes back. */
export function dialogPicker(showOpenDialog: ShowOpenDialog): FilePicker {
  return async ({ folder }) => {
    const result = await showOpenDialog({
      title: folder ? 'Import a folder' : 'Import files',
      properties: folder ? ['openDirectory'] : ['openFile', 'multiSelections'],
    });
    return result.canceled ? [] : result.filePaths.map((path) => ({ path, name: basename(path) }));
  };
}

/**
 * Handles a drop: the preload turned the dropped `File` into its path with
 * `webUtils.getPathForFile` (the page itself only ever holds the File object, which it cannot
 * forge for an arbitrary path), and the main process registers it after checking the sender is
 * the app's own frame and the path is an absolute path to an existing file or folder.
 */
export function createDroppedFileHandler(files: FileHandleRegistry, devServerUrl?: string) {
  return (event: IpcEventLike, path: unknown): Result<FileHandle> => {
    if (!isAppUrl(event.senderFrame?.url, devServerUrl)) return fail('forbidden', 'Refused a dropped file from a frame that is not the app.');
    if (typeof path !== 'string' || path === '' || path.length > 4096 || !isAbsolute(path)) {
      return fail('invalid_input', 'That drop is not a file from this computer (drop files from the file manager).');
    }
    try {
      return ok(files.registerPath(path, basename(path)));
    } catch (error) {
      const payload = toErrorPayload(error);
      return { ok: false, error: payload };
    }
  };
}

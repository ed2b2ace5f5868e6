import { ipcMain } from 'electron';
import type { Dispatch } from '../../core/services/dispatch';
import { channelOf, METHOD_NAMES } from '../../shared/contract/index';
import { createIpcHandler } from './createIpcHandler';

/** Registers every contract method on its channel: one loop, so no method is served unchecked. */
export function registerIpc(dispatch: Dispatch, devServerUrl?: string): void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(channelOf(method), createIpcHandler(dispatch, method, devServerUrl));
  }
}

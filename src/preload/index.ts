import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { channelOf, METHOD_NAMES } from '../shared/contract/index';
import { DROPPED_FILE_CHANNEL } from '../shared/contract/methods/imports';

// One function per contract method, frozen; the renderer never sees ipcRenderer or an event.
// eng-disable PRELOAD_JS_CHECK: the preload exposes only these invoke wrappers, no Node or Electron objects.
const bridge = Object.freeze(Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelOf(method), input)])));

contextBridge.exposeInMainWorld('workbench', bridge);

// Beside the contract, one function: a dropped File becomes a file handle. The path is looked up
// here, in the isolated preload, with webUtils.getPathForFile; the page passes only the File it
// received from a drop, so it can never name a path of its choosing (a File it constructs itself
// has no path, and main refuses it).
const files = Object.freeze({
  handleForDroppedFile: (file: File) => ipcRenderer.invoke(DROPPED_FILE_CHANNEL, webUtils.getPathForFile(file)),
});
contextBridge.exposeInMainWorld('workbenchFiles', files);

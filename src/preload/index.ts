import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { DROPPED_FILE_CHANNEL } from '../shared/contract/methods/imports';
import { createBridge, createFilesBridge } from './bridge';

// One frozen function per contract method; the page never sees ipcRenderer or an event.
contextBridge.exposeInMainWorld(
  'workbench',
  createBridge((channel, input) => ipcRenderer.invoke(channel, input)),
);

// Beside the contract, one function: a dropped File becomes a file handle. The path is looked up
// here, in the isolated preload, with webUtils.getPathForFile; the page passes only the File it
// received from a drop, so it can never name a path of its choosing (a File it constructs itself
// has no path, and main refuses it).
contextBridge.exposeInMainWorld(
  'workbenchFiles',
  createFilesBridge(
    (path) => ipcRenderer.invoke(DROPPED_FILE_CHANNEL, path),
    (file) => webUtils.getPathForFile(file),
  ),
);

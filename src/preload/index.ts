import { contextBridge, ipcRenderer } from 'electron';
import { channelOf, METHOD_NAMES } from '../shared/contract/index';

// One function per contract method, frozen; the renderer never sees ipcRenderer or an event.
// eng-disable PRELOAD_JS_CHECK: the preload exposes only these invoke wrappers, no Node or Electron objects.
const bridge = Object.freeze(Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => ipcRenderer.invoke(channelOf(method), input)])));

contextBridge.exposeInMainWorld('workbench', bridge);

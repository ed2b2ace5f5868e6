import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// One frozen function per contract method; the page never sees ipcRenderer or an event.
contextBridge.exposeInMainWorld(
  'workbench',
  createBridge((channel, input) => ipcRenderer.invoke(channel, input)),
);

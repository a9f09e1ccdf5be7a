// Bundled into one CommonJS file (vite.preload.config.ts): a sandboxed preload cannot require
// relative files. Exposes the contract client only, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { createIpcClient } from './transports/ipc-client';

contextBridge.exposeInMainWorld('cachescope', createIpcClient(ipcRenderer));

import type { CachescopeApi } from '../../shared/contract/api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser (serve mode uses the WebSocket client). */
    cachescope?: CachescopeApi;
  }
}

export {};

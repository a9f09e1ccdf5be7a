/** How the renderer is talking to the core right now. */
export type BridgeStatus =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open' }
  | { kind: 'closed'; attempt: number; retryAt: number; everOpened: boolean }
  /** Serve mode opened without the `#token=…` the server printed. */
  | { kind: 'no-token' };

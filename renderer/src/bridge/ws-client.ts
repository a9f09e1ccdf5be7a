import type { CachescopeApi, ClientFrame, ServerFrame } from '../../../shared/contract/api';
import type { CommandArgs, CommandName, CommandReply, StreamName, Streams } from '../../../shared/contract';
import { fail, type Envelope } from '../../../shared/envelope';
import { MAX_WS_FRAME_BYTES } from '../../../shared/contract/limits';
import { backoffMs } from './backoff';
import type { BridgeStatus } from './bridge-status';

export interface WsClientOptions {
  url: string;
  onStatus: (status: BridgeStatus) => void;
  /** A reply slower than this resolves as a TIMEOUT envelope. */
  invokeTimeoutMs?: number;
  WebSocketImpl?: typeof WebSocket;
}

export interface WsClient extends CachescopeApi {
  /** Skip the backoff wait and try now. */
  reconnectNow(): void;
  close(): void;
}

interface Pending {
  resolve: (reply: Envelope<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

function isServerFrame(value: unknown): value is ServerFrame {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { type?: unknown }).type;
  return t === 'reply' || t === 'stream';
}

/**
 * The serve-mode implementation of CachescopeApi over one WebSocket. It never throws:
 * a call made while disconnected, or cut off by a disconnect, resolves as an error
 * envelope, like every other failure. Reconnects with backoff until closed.
 */
export function createWsClient(options: WsClientOptions): WsClient {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const timeoutMs = options.invokeTimeoutMs ?? 30_000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<StreamName, Set<(data: unknown) => void>>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempt = 0;
  let everOpened = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closedByUser = false;

  const sendText = (text: string): boolean => {
    if (!socket || socket.readyState !== Impl.OPEN) return false;
    socket.send(text);
    return true;
  };
  const send = (frame: ClientFrame): boolean => sendText(JSON.stringify(frame));

  /** Over the server's frame limit the server would close the socket (1009): refuse here, in words. */
  const tooBig = (text: string): boolean => text.length > MAX_WS_FRAME_BYTES || (text.length * 3 > MAX_WS_FRAME_BYTES && new TextEncoder().encode(text).length > MAX_WS_FRAME_BYTES);

  const settle = (id: number, reply: Envelope<unknown>) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(reply);
  };

  const onFrame = (raw: unknown) => {
    let frame: unknown;
    try {
      frame = JSON.parse(String(raw));
    } catch {
      return;
    }
    if (!isServerFrame(frame)) return;
    if (frame.type === 'reply') settle(frame.id, frame.reply);
    else listeners.get(frame.stream)?.forEach((listener) => listener(frame.data));
  };

  const connect = () => {
    retryTimer = null;
    options.onStatus({ kind: 'connecting', attempt });
    const ws = new Impl(options.url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      everOpened = true;
      // Subscriptions are per socket: renew them on every (re)connect.
      if (listeners.size > 0) send({ type: 'subscribe', streams: [...listeners.keys()] });
      options.onStatus({ kind: 'open' });
    };
    ws.onmessage = (event) => onFrame(event.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const id of [...pending.keys()]) settle(id, fail('NOT_CONNECTED', 'The connection to the Cachescope server was lost.'));
      if (closedByUser) return;
      const delay = backoffMs(attempt);
      attempt++;
      options.onStatus({ kind: 'closed', attempt, retryAt: Date.now() + delay, everOpened });
      retryTimer = setTimeout(connect, delay);
    };
    // The browser reports a refused upgrade (bad token) only as error + close; close handles both.
    ws.onerror = () => undefined;
  };

  connect();

  return {
    invoke<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<Envelope<CommandReply<C>>> {
      const id = nextId++;
      return new Promise<Envelope<unknown>>((resolve) => {
        const text = JSON.stringify({ type: 'invoke', id, command, args } satisfies ClientFrame);
        if (tooBig(text)) {
          resolve(fail('BAD_REQUEST', `This request is too big to send to the Cachescope server (at most ${MAX_WS_FRAME_BYTES / (1024 * 1024)} MiB).`));
          return;
        }
        if (!sendText(text)) {
          resolve(fail('NOT_CONNECTED', 'Not connected to the Cachescope server.'));
          return;
        }
        const timer = setTimeout(() => settle(id, fail('TIMEOUT', `${command} got no reply within ${timeoutMs / 1000} s.`)), timeoutMs);
        pending.set(id, { resolve, timer });
      }) as Promise<Envelope<CommandReply<C>>>;
    },
    on<S extends StreamName>(stream: S, listener: (data: Streams[S]) => void): () => void {
      let set = listeners.get(stream);
      if (!set) {
        set = new Set();
        listeners.set(stream, set);
        send({ type: 'subscribe', streams: [stream] });
      }
      const wrapped = listener as (data: unknown) => void;
      set.add(wrapped);
      // The server has no unsubscribe frame; dropping the listener is enough.
      return () => set.delete(wrapped);
    },
    reconnectNow() {
      if (retryTimer === null) return;
      clearTimeout(retryTimer);
      connect();
    },
    close() {
      closedByUser = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

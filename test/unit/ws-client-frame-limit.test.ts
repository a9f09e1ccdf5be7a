import { describe, expect, it } from 'vitest';
import { MAX_WARM_UPLOAD_BYTES, MAX_WS_FRAME_BYTES } from '../../shared/contract/limits';
import { createWsClient } from '../../renderer/src/bridge/ws-client';
import { MAX_WARM_CONTENT } from '../../renderer/src/views/actions/warm-words';

/** A WebSocket stand-in that opens at once and records what is sent. */
class RecordingSocket {
  static readonly OPEN = 1;
  static sent: string[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    queueMicrotask(() => {
      this.readyState = RecordingSocket.OPEN;
      this.onopen?.();
    });
  }
  send(text: string): void {
    RecordingSocket.sent.push(text.length > 100 ? `${text.length} chars` : text);
  }
  close(): void {
    this.onclose?.();
  }
}

describe('serve-mode frame limit, end to end', () => {
  it('the browser upload cap and the server frame limit come from one constant, with room for JSON escaping', () => {
    expect(MAX_WARM_CONTENT).toBe(MAX_WARM_UPLOAD_BYTES);
    expect(MAX_WS_FRAME_BYTES).toBeGreaterThanOrEqual(2 * MAX_WARM_UPLOAD_BYTES);
  });

  it('a request over the limit resolves as an error in words and is never sent (the server would close the socket)', async () => {
    RecordingSocket.sent = [];
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    const client = createWsClient({ url: 'ws://x/ws', invokeTimeoutMs: 5_000, onStatus: (s) => s.kind === 'open' && open(), WebSocketImpl: RecordingSocket as unknown as typeof WebSocket });
    await opened;
    // Control characters are escaped six-fold in JSON: a file under the upload cap can still make too big a frame.
    const content = '\u0001'.repeat(Math.ceil(MAX_WS_FRAME_BYTES / 6) + 1);
    const reply = await client.invoke('warm.file.preview', { id: 'c', source: { content } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/too big to send .*at most 129 MiB/) } });
    expect(RecordingSocket.sent).toEqual([]);
    client.close();
  });
});

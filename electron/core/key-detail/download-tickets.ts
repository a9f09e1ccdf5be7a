import { randomBytes } from 'node:crypto';

const TTL_MS = 60_000;
const MAX = 100;

export interface DownloadTicket {
  connectionId: string;
  key: Buffer;
}

/**
 * Serve mode's browser downloads: a token-guarded WebSocket request issues a ticket (256 random
 * bits), and the one HTTP GET that names it, within a minute, streams the value. The ticket is
 * the capability, used once, so the long-lived token never sits in a download URL or history.
 */
export class DownloadTickets {
  private readonly items = new Map<string, DownloadTicket & { expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(ticket: DownloadTicket): string {
    this.prune();
    const id = randomBytes(32).toString('hex');
    this.items.set(id, { ...ticket, expiresAt: this.now() + TTL_MS });
    if (this.items.size > MAX) this.items.delete(this.items.keys().next().value!);
    return id;
  }

  /** The ticket's download, once; null when unknown, used or expired. */
  take(id: string): DownloadTicket | null {
    this.prune();
    const item = this.items.get(id);
    if (!item) return null;
    this.items.delete(id);
    return { connectionId: item.connectionId, key: item.key };
  }

  private prune(): void {
    const now = this.now();
    for (const [id, item] of this.items) if (item.expiresAt <= now) this.items.delete(id);
  }
}

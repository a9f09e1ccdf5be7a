import { CoreError } from '../errors';

const TTL_MS = 10 * 60_000;
const MAX = 200;

/**
 * Previews waiting for their confirmation. An execute must name a preview of the same
 * connection that has not expired; it is used once. This is how the core knows the user
 * saw what would happen before it happens.
 */
export class PreviewStore<T> {
  private readonly items = new Map<string, { connectionId: string; expiresAt: number; value: T }>();

  constructor(private readonly now: () => number = Date.now) {}

  put(id: string, connectionId: string, value: T): number {
    this.prune();
    const expiresAt = this.now() + TTL_MS;
    this.items.set(id, { connectionId, expiresAt, value });
    if (this.items.size > MAX) this.items.delete(this.items.keys().next().value!);
    return expiresAt;
  }

  /** The preview, still stored (the caller takes it once every check has passed). */
  get(connectionId: string, id: string): T {
    this.prune();
    const item = this.items.get(id);
    if (!item || item.connectionId !== connectionId)
      throw new CoreError('NOT_FOUND', 'This preview has expired or was already used: preview again, then confirm.');
    return item.value;
  }

  take(connectionId: string, id: string): T {
    const value = this.get(connectionId, id);
    this.items.delete(id);
    return value;
  }

  private prune(): void {
    const now = this.now();
    for (const [id, item] of this.items) if (item.expiresAt <= now) this.items.delete(id);
  }
}

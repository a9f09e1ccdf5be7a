/**
 * Rows of a long, server-side list fetched page by page for a virtual list (DESIGN.md
 * invariant 5: the renderer holds the rows on screen, never the whole index). The list
 * reports which rows it shows; the pager fetches the pages that cover them. While a scan runs,
 * `invalidate()` refreshes the visible pages — at most once per `minIntervalMs`, never two
 * refreshes overlapping — and drops the rest, so the renderer's memory stays bounded.
 */

export interface Fetched<R, X> {
  rows: R[];
  total: number;
  /** Whatever else the reply carries (coverage, folder summary). */
  info: X;
}

export type FetchResult<R, X> = { ok: true; value: Fetched<R, X> } | { ok: false; message: string };
export type PageFetcher<R, X> = (offset: number, limit: number) => Promise<FetchResult<R, X>>;

export interface PagerOptions {
  pageSize?: number;
  /** Pages kept; the farthest from the visible rows go first. */
  maxPages?: number;
  minIntervalMs?: number;
  clock?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

interface Page<R> {
  rows: R[];
  fetchedAt: number;
  gen: number;
}

export class RowPager<R, X> {
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly minIntervalMs: number;
  private readonly clock: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  private sourceKey: string | null = null;
  private fetcher: PageFetcher<R, X> | null = null;
  /** Bumps when the source changes: replies for an older source are dropped. */
  private seq = 0;
  /** Bumps on every refresh: a page older than this is shown until its refetch lands. */
  private gen = 0;
  private infoGen = -1;
  private pages = new Map<number, Page<R>>();
  private inflight = new Map<number, number>();
  /** Pages whose fetch failed in this generation: not retried until the next refresh. */
  private failed = new Map<number, number>();
  private outstanding = 0;
  private visible = { start: 0, end: 0 };
  private lastRefresh = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private dirty = false;
  /** Set by a reset that should not fetch yet (a scan that has read nothing): the next invalidate() fetches. */
  private waiting = false;
  private listeners = new Set<() => void>();

  total: number | null = null;
  info: X | null = null;
  error: string | null = null;
  /** Changes whenever anything visible changes (a useSyncExternalStore snapshot). */
  version = 0;

  constructor(options: PagerOptions = {}) {
    this.pageSize = options.pageSize ?? 100;
    this.maxPages = options.maxPages ?? 24;
    this.minIntervalMs = options.minIntervalMs ?? 300;
    this.clock = options.clock ?? (() => Date.now());
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getVersion = (): number => this.version;

  /**
   * Point the pager at a query. A new `key` starts from nothing; the same key only swaps the
   * fetcher. `fetchNow = false` waits for the next invalidate() (see reset).
   */
  setSource(key: string, fetcher: PageFetcher<R, X>, fetchNow = true): void {
    this.fetcher = fetcher;
    if (key === this.sourceKey) return;
    this.sourceKey = key;
    this.reset(fetchNow);
  }

  /**
   * Forget every row and fetch again (a new scan replaced the index). With `fetchNow = false`
   * nothing is asked until the next invalidate(): asking an index that is still empty would
   * only be answered from main's short-lived cache with nothing, delaying the first rows.
   */
  reset(fetchNow = true): void {
    this.seq++;
    this.gen++;
    this.infoGen = -1;
    this.pages.clear();
    this.inflight.clear();
    this.failed.clear();
    this.outstanding = 0;
    this.dirty = false;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.total = null;
    this.info = null;
    this.error = null;
    this.waiting = !fetchNow;
    this.emit();
    this.load();
  }

  setVisible(start: number, end: number): void {
    this.visible = { start, end };
    this.load();
  }

  /** The server's data changed: refresh what is on screen, throttled. */
  invalidate(): void {
    this.waiting = false;
    if (this.timer !== null) return;
    if (this.outstanding > 0) {
      this.dirty = true;
      return;
    }
    const wait = this.lastRefresh + this.minIntervalMs - this.clock();
    if (wait > 0) {
      this.timer = this.setTimer(() => {
        this.timer = null;
        this.invalidate();
      }, wait);
      return;
    }
    this.refresh();
  }

  row(index: number): { row: R; fetchedAt: number } | undefined {
    const page = this.pages.get(Math.floor(index / this.pageSize));
    const row = page?.rows[index % this.pageSize];
    return page && row !== undefined ? { row, fetchedAt: page.fetchedAt } : undefined;
  }

  /** Replace rows in place (one key's metadata read again, on demand). */
  patch(update: (row: R) => R | undefined): void {
    let changed = false;
    for (const page of this.pages.values()) {
      page.rows = page.rows.map((r) => {
        const next = update(r);
        if (next === undefined || next === r) return r;
        changed = true;
        return next;
      });
    }
    if (changed) this.emit();
  }

  /** Pages held now (for tests and the memory budget). */
  pagesHeld(): number {
    return this.pages.size;
  }

  /** Stop a pending refresh (the view is gone). Replies still on their way land harmlessly. */
  dispose(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private wanted(): number[] {
    const { start, end } = this.visible;
    // Nothing known yet (or an empty list): the first page tells the total.
    if (end <= start || this.total === null || this.total === 0) return [0];
    const last = Math.min(end, this.total) - 1;
    const out: number[] = [];
    for (let p = Math.floor(start / this.pageSize); p <= Math.floor(Math.max(start, last) / this.pageSize); p++) out.push(p);
    return out;
  }

  private refresh(): void {
    this.gen++;
    this.lastRefresh = this.clock();
    this.dirty = false;
    const keep = new Set(this.wanted());
    for (const p of [...this.pages.keys()]) if (!keep.has(p)) this.pages.delete(p);
    this.load();
  }

  private load(): void {
    if (!this.fetcher || this.waiting) return;
    for (const p of this.wanted()) {
      const page = this.pages.get(p);
      if (page && page.gen === this.gen) continue;
      if (this.inflight.get(p) === this.gen || this.failed.get(p) === this.gen) continue;
      void this.fetch(p);
    }
  }

  private async fetch(p: number): Promise<void> {
    const fetcher = this.fetcher!;
    const seq = this.seq;
    const gen = this.gen;
    this.inflight.set(p, gen);
    this.outstanding++;
    let result: FetchResult<R, X>;
    try {
      result = await fetcher(p * this.pageSize, this.pageSize);
    } catch (e) {
      result = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    if (seq !== this.seq) return;
    this.outstanding--;
    if (this.inflight.get(p) === gen) this.inflight.delete(p);
    if (!result.ok) {
      this.failed.set(p, gen);
      this.error = result.message;
    } else {
      this.error = null;
      const held = this.pages.get(p);
      if (!held || held.gen <= gen) this.pages.set(p, { rows: result.value.rows, fetchedAt: this.clock(), gen });
      if (gen >= this.infoGen) {
        this.infoGen = gen;
        this.total = result.value.total;
        this.info = result.value.info;
      }
      this.evict();
    }
    this.emit();
    // The first reply may reveal that more pages are visible than page 0.
    this.load();
    if (this.outstanding === 0 && this.dirty) this.invalidate();
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const centre = (this.visible.start + this.visible.end) / 2 / this.pageSize;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const p of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }

  private emit(): void {
    this.version++;
    for (const fn of this.listeners) fn();
  }
}

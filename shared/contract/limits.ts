/**
 * Size limits both ends of serve mode read, so the browser refuses (with words) what the
 * server would refuse (by closing the socket). Plain values: the renderer may import this file.
 */

/** Largest warm file the browser uploads (its text travels inside one WebSocket frame). */
export const MAX_WARM_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * Largest WebSocket frame the serve-mode server accepts. Twice the upload plus slack: the file's
 * text is JSON-escaped inside the frame (every `"` of an NDJSON line becomes `\"`).
 */
export const MAX_WS_FRAME_BYTES = 2 * MAX_WARM_UPLOAD_BYTES + 1024 * 1024;

/** Explicit keys one action may name (a larger selection is a namespace or a pattern). */
export const MAX_TARGET_KEYS = 10_000;

/** Redis's own data types: the type filter's choices, and the types a key's value is paged through. */
export const KEY_TYPE_NAMES = ['string', 'hash', 'list', 'set', 'zset', 'stream'] as const;

/** An action's throttle (invalidate, flush by scan): keys examined per second. */
export const ACTION_THROTTLE = { min: 1, max: 10_000_000 } as const;

/** A scan's or an analysis's throttle: commands per second (each TYPE/PTTL/MEMORY counts). */
export const SCAN_THROTTLE = { min: 10, max: 10_000_000 } as const;

/** How many namespace levels an analysis groups by. */
export const ANALYSIS_DEPTH = { min: 1, max: 16 } as const;

/** Audit entries one query or export returns (the newest first). */
export const MAX_AUDIT_ROWS = 10_000;

/**
 * The Keys tab scans a db of up to this many keys by itself as it opens (about half a second
 * at the ~95k keys/s the bench measures in the UI); a larger one waits for a click.
 */
export const AUTO_SCAN_MAX_KEYS = 50_000;

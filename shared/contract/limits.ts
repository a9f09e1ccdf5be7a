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

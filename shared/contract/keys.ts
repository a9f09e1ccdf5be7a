import { z } from 'zod';

/**
 * A Redis key (or any byte string) on the wire: `{ utf8 }` when the bytes are valid
 * UTF-8, else `{ base64 }`. Consumers operate on the exact bytes (DESIGN.md invariant 3).
 */
export const WireBytes = z.union([
  z.object({ utf8: z.string() }).strict(),
  z.object({ base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/) }).strict(),
]);
export type WireBytes = z.infer<typeof WireBytes>;

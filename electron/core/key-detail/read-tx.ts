import type { KeyClient } from '../redis/target';
import type { Connection } from '../connections/connection';
import { CoreError } from '../errors';
import { translateError } from '../redis/translate-error';
import { noTouchPolicy } from './no-touch';

export type RedisArgs = [string, ...(string | Buffer | number)[]];

export interface ReadResult {
  /** TYPE reply at the moment the reads ran ('none' = the key did not exist). */
  type: string;
  /** One [error, reply] per read, in order (Buffer replies). */
  replies: [Error | null, unknown][];
  /** Set when the reads refreshed the key's LRU clock (no NO-TOUCH), with the server version. */
  touched: { version: string | undefined } | null;
}

function isNoTouchRefusal(error: unknown): boolean {
  const prev = (error as { previousErrors?: { message?: string }[] }).previousErrors ?? [];
  return /EXECABORT/.test(String((error as Error).message)) && /NO-TOUCH|unknown subcommand/i.test(prev[0]?.message ?? '');
}

/** The reply at `i`, or the Redis error it carried as a CoreError. */
export function replyAt(connection: Connection, result: ReadResult, i: number): unknown {
  const entry = result.replies[i];
  if (!entry) throw new CoreError('INTERNAL', `Missing reply ${i} from Redis`);
  if (entry[0]) throw translateError(entry[0], connection.where);
  return entry[1];
}

/**
 * Run `reads` on one key inside MULTI/EXEC, preceded by TYPE. The transaction makes TYPE's
 * answer hold for every read, so the ledger records exactly what Redis counted: one hit per
 * command when the key existed, one miss per command when it did not (measured on 7.0:
 * TYPE, PTTL, STRLEN, GETRANGE, *LEN/*CARD, *SCAN, LRANGE, ZRANGE, XRANGE each add one, a
 * WRONGTYPE error included). With NO-TOUCH available it leads the transaction.
 */
export async function readTransaction(connection: Connection, key: Buffer, reads: RedisArgs[], client: KeyClient = connection.target.client('values')): Promise<ReadResult> {
  const policy = noTouchPolicy(connection);
  for (;;) {
    let decision: Awaited<ReturnType<typeof policy.decide>>;
    try {
      decision = await policy.decide(client);
    } catch (error) {
      throw translateError(error, connection.where);
    }
    const tx = client.multi();
    if (decision.enabled) tx.call('CLIENT', 'NO-TOUCH', 'ON');
    tx.callBuffer('TYPE', key);
    for (const [cmd, ...args] of reads) tx.callBuffer(cmd, ...args);
    let results: [Error | null, unknown][] | null;
    try {
      // In a ledger batch: the poll's INFO lands before or after this read and its record, never between.
      results = await connection.ledger.batch(async () => {
        const replies = await tx.exec();
        const typeEntry = replies?.[decision.enabled ? 1 : 0];
        if (replies && typeEntry && !typeEntry[0]) {
          const counted = 1 + reads.length;
          if (String(typeEntry[1]) === 'none') connection.ledger.record(0, counted);
          else connection.ledger.record(counted, 0);
        }
        return replies;
      });
    } catch (error) {
      if (decision.enabled && isNoTouchRefusal(error)) {
        policy.markRefused(); // a server that reports 7.2 but lacks it: read without
        continue;
      }
      throw translateError(error, connection.where);
    }
    if (!results) throw new CoreError('INTERNAL', 'Redis discarded the read transaction');
    const noTouchFailed = decision.enabled && !!results[0]?.[0];
    if (noTouchFailed) policy.markRefused();
    const own = decision.enabled ? results.slice(1) : results;
    const [typeErr, typeReply] = own[0] ?? [new Error('no TYPE reply'), null];
    if (typeErr) throw translateError(typeErr, connection.where);
    const type = String(typeReply);
    return { type, replies: own.slice(1) as [Error | null, unknown][], touched: decision.enabled && !noTouchFailed ? null : { version: decision.version } };
  }
}

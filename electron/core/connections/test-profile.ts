import type { TestResult } from '../../../shared/contract';
import type { ResolvedProfile } from '../profile/profile';
import { parseInfo } from '../metrics/info-parser';
import { connectOnce } from '../redis/connect-once';

/** Test a profile: connect without retries, read the server's identity, disconnect. */
export async function testProfile(profile: ResolvedProfile): Promise<TestResult> {
  const t0 = performance.now();
  const client = await connectOnce(profile, 'test');
  try {
    const latencyMs = performance.now() - t0;
    // INFO may be denied to an ACL user: the test still passes, with what could be read.
    const info = parseInfo(await client.info('server').catch(() => ''));
    const replication = parseInfo(await client.info('replication').catch(() => ''));
    const dbsize = await client.dbsize().catch(() => -1);
    return {
      version: info.fields['redis_version'] ?? 'unknown',
      mode: info.fields['redis_mode'] ?? 'unknown',
      role: replication.fields['role'] ?? 'unknown',
      latencyMs,
      dbsize,
    };
  } finally {
    client.disconnect();
  }
}

import { formatBytes, formatInteger } from '../../shared/format';
import { describeAddress } from '../core/profile/profile';
import { CoreError } from '../core/errors';
import { connectOnceTo } from '../core/redis/connect-once';
import { detectTopology } from '../core/redis/detect-topology';
import { assertEmptyDatabase } from '../workload/demo';
import { getProfile, isProfileChoice, PROFILE_NAMES } from '../workload/profiles';
import { seedKeys } from '../workload/seed';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { CliError, EXIT, UsageError } from './exit-codes';
import { onStopSignal } from './stop-signal';

export const usage = `Usage: cachescope seed [connection flags] --profile NAME --keys N [--seed S] [--force] [--json]

Bulk-loads N keys shaped like one of the real cache layouts (key patterns, JSON and gzip values,
hashes, sets, sorted sets, lists, streams, TTLs) with pipelined batches, and prints keys/s.
Into an empty database the result is exactly N keys. The same seed gives the same dataset.

  --profile NAME   ${[...PROFILE_NAMES, 'all'].join(', ')}
  --keys N         how many keys
  --seed S         dataset seed (default 1)
  --batch N        keys per pipelined batch (default 1000)
  --pipelines N    batches in flight at once (default 4)
  --force          load into a database that already holds keys (same-named keys are overwritten)
  --json           print the result as one JSON object

${CONNECTION_HELP}

Exit codes: 0 done (or stopped with Ctrl-C), 1 failed or refused, 2 bad usage, 3 cannot connect.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  profile: { type: 'string' },
  keys: { type: 'string' },
  seed: { type: 'string' },
  batch: { type: 'string' },
  pipelines: { type: 'string' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  if (values.profile === undefined) throw new UsageError('--profile is required');
  if (!isProfileChoice(values.profile)) throw new UsageError(`--profile must be one of ${[...PROFILE_NAMES, 'all'].join(', ')}, got "${values.profile}"`);
  const keys = intFlag('keys', values.keys, 1, 100_000_000);
  if (keys === undefined) throw new UsageError('--keys is required');
  const seed = intFlag('seed', values.seed, 0, 2 ** 32 - 1) ?? 1;
  const batchKeys = intFlag('batch', values.batch, 1, 100_000) ?? 1000;
  const inFlight = intFlag('pipelines', values.pipelines, 1, 64) ?? 4;
  const { profile: target, warnings } = resolveConnectionFlags(values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const profile = getProfile(values.profile);

  // Connect the ordinary way first: refused, auth and TLS failures get their usual words and exit 3.
  // A cluster node named alone counts as its cluster, as everywhere: the check sums every primary.
  const client = await connectOnceTo(await detectTopology(target), 'cli');
  try {
    if (!values.force) {
      try {
        await assertEmptyDatabase(client, target);
      } catch (e) {
        if (e instanceof CoreError) throw new CliError(EXIT.FAILURE, e.message);
        throw e;
      }
    }
  } finally {
    client.disconnect();
  }

  const stop = onStopSignal();
  let lastReport = performance.now();
  try {
    const result = await seedKeys(target, {
      profile,
      keys,
      seed,
      batchKeys,
      inFlight,
      signal: stop.signal,
      onProgress: (done) => {
        // Progress for a person at a terminal; a pipe gets only the result.
        if (!(ctx.stderr as { isTTY?: boolean }).isTTY || performance.now() - lastReport < 1000) return;
        lastReport = performance.now();
        ctx.stderr.write(`\r${formatInteger(done)} / ${formatInteger(keys)} keys…`);
      },
    });
    const seconds = result.ms / 1000;
    const perSec = result.keys / Math.max(seconds, 1e-3);
    if ((ctx.stderr as { isTTY?: boolean }).isTTY) ctx.stderr.write('\r\x1b[K');
    if (values.json) {
      ctx.stdout.write(
        `${JSON.stringify({ profile: profile.name, seed, keys: result.keys, commands: result.commands, bytes: result.bytes, ms: Math.round(result.ms), keysPerSec: Math.round(perSec), aborted: result.aborted })}\n`,
      );
    } else {
      const what = result.aborted ? `Stopped after ${formatInteger(result.keys)} of ${formatInteger(keys)}` : `Seeded ${formatInteger(result.keys)}`;
      ctx.stdout.write(
        `${what} keys (profile ${profile.name}, seed ${seed}) into ${describeAddress(target)} db ${target.db} in ${seconds.toFixed(2)} s: ${formatInteger(perSec)} keys/s, ${formatInteger(result.commands)} commands, ${formatBytes(result.bytes)} sent.\n`,
      );
    }
    return EXIT.OK;
  } catch (e) {
    throw new CliError(EXIT.FAILURE, `Seeding ${describeAddress(target)} failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    stop.dispose();
  }
}

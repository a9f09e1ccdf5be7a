import type { NodePanel } from '../../shared/contract';
import type { CliContext } from './command';
import { CliError, exitCodeForCoreCode } from './exit-codes';

/**
 * The nodes whose panel answered. A node that refused (ACL, renamed command) or did not answer
 * is said on stderr; when none answered, the first refusal is the run's error and exit code.
 */
export function answeredNodes<T>(nodes: NodePanel<T>[], ctx: CliContext): { address: string; role: string; data: T }[] {
  const answered = nodes.flatMap((n) => (n.available ? [{ address: n.address, role: n.role, data: n.data }] : []));
  const refused = nodes.flatMap((n) => (n.available ? [] : [n]));
  if (answered.length === 0 && refused[0]) throw new CliError(exitCodeForCoreCode(refused[0].code), refused[0].reason);
  for (const n of refused) ctx.stderr.write(`${n.address}: ${n.reason}\n`);
  return answered;
}

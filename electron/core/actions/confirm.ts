import type { ConfirmRequirement } from '../../../shared/contract';
import type { ResolvedProfile } from '../profile/profile';
import { CoreError } from '../errors';

/**
 * The confirmation scaled by the connection's tag: a click on dev and staging, typing the
 * connection's name on prod. `strong` (FLUSHALL) always asks to type `FLUSHALL <name>`.
 */
export function confirmFor(profile: Pick<ResolvedProfile, 'env' | 'name'>, strength: 'normal' | 'strong' = 'normal'): ConfirmRequirement {
  const base = { env: profile.env, connectionName: profile.name };
  if (strength === 'strong') return { ...base, kind: 'type', phrase: `FLUSHALL ${profile.name}` };
  if (profile.env === 'prod') return { ...base, kind: 'type', phrase: profile.name };
  return { ...base, kind: 'click', phrase: 'confirm' };
}

/** The core re-checks what the UI asked for, so a crafted message cannot skip the typed name. */
export function checkConfirmation(required: ConfirmRequirement, given: string): void {
  if (given === required.phrase) return;
  if (required.kind === 'type')
    throw new CoreError('BAD_REQUEST', `Not confirmed: type "${required.phrase}" exactly to confirm this action on ${required.env} connection "${required.connectionName}".`);
  throw new CoreError('BAD_REQUEST', 'Not confirmed: this action needs its confirmation.');
}

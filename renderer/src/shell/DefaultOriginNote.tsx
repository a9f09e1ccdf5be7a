import type { ProfileView } from '../../../shared/contract/profiles';
import { fromNoVariable, NO_VARIABLE_WORDS } from '../../../shared/env-words';

/** On the first screen of the environment's default when no variable named an address: say so, and how to name one. */
export function DefaultOriginNote({ profile }: { profile: ProfileView }) {
  if (profile.source !== 'env' || !fromNoVariable(profile.origin)) return null;
  return (
    <p className="hint default-origin-note" data-testid="default-origin-note">
      {NO_VARIABLE_WORDS} Start Cachescope with <code>REDIS_URL</code> set to your app&apos;s Redis, or use <strong>Add connection</strong>.
    </p>
  );
}

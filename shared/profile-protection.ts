import type { EnvTag } from './contract/profiles';

const RANK: Record<EnvTag, number> = { dev: 0, staging: 1, prod: 2 };

type Protection = { readOnly: boolean; env: EnvTag };

/**
 * What a profile save would take away: read-only turned off, or a less protected tag (prod →
 * staging/dev, staging → dev). Empty when nothing is lowered. The core and the connection form
 * both use it, so the form asks exactly when the core would refuse.
 */
export function protectionLowered(before: Protection, after: Protection): string[] {
  const changes: string[] = [];
  if (before.readOnly && !after.readOnly) changes.push('read-only turned off');
  if (RANK[after.env] < RANK[before.env]) changes.push(`tag ${before.env} → ${after.env}`);
  return changes;
}

/** What the user types to confirm: the connection's (saved) name. */
export function protectionPhrase(before: { name: string }): string {
  return before.name;
}

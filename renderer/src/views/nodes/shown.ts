import type { ViewContext } from '../types';

/**
 * The Nodes tab exists for a connection that watches several nodes: its samples list them.
 * Before the first sample, a cluster or Sentinel profile (or a node the server reports as a
 * cluster member, not pinned) shows the tab already, so it does not pop in a poll later.
 */
export function nodesViewShown({ profile, state, latest }: ViewContext): boolean {
  if (latest) return (latest.nodes?.length ?? 0) > 0;
  if (profile.kind !== 'standalone') return true;
  return state?.server?.mode === 'cluster' && !profile.pinNode;
}

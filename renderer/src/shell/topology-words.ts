import type { MetricSample } from '../../../shared/contract/metrics';
import type { ConnectionState, ProfileView } from '../../../shared/contract/profiles';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What the connection watches, next to its name: "cluster · 3 primaries · 3 replicas",
 * "sentinel mymaster · 1 replica", "one cluster node (pinned)"; null for a plain single node.
 * From the profile, the server's mode and the newest sample's nodes. Pure.
 */
export function topologyWords(profile: ProfileView, state: ConnectionState | undefined, latest: MetricSample | undefined): string | null {
  const mode = state?.server?.mode;
  const nodes = latest?.nodes ?? [];
  // A node down keeps its last role in the rows, but serves as neither: counted apart.
  const primaries = nodes.filter((n) => n.up && n.role === 'primary').length;
  const replicas = nodes.filter((n) => n.up && n.role === 'replica').length;
  const down = nodes.length - primaries - replicas;
  const tail = down > 0 ? ` · ${down} down` : '';
  if (profile.kind === 'sentinel' || mode === 'sentinel') {
    const name = profile.sentinel?.masterName;
    return `sentinel${name ? ` ${name}` : ''}${nodes.length > 0 ? ` · ${count(replicas, 'replica', 'replicas')}` : ''}${tail}`;
  }
  if (nodes.length > 0 && (profile.kind === 'cluster' || mode === 'cluster' || primaries > 1)) {
    return `cluster · ${count(primaries, 'primary', 'primaries')} · ${count(replicas, 'replica', 'replicas')}${tail}`;
  }
  if (mode === 'cluster' && profile.pinNode) return 'one cluster node (pinned)';
  if (profile.kind === 'cluster' || mode === 'cluster') return 'cluster';
  return null;
}

import type { Connection } from '../connections/connection';
import type { CoreContext } from '../context';
import type { Auditor } from '../audit/auditor';
import { TAKEOVER_WAIT_MS, type ActionEnv } from './env';
import { refreshRouting } from '../redis/target';
import type { JobRegistry } from './jobs';
import type { RecipeStore } from './recipes';
import type { ActionSettingsStore } from './settings';
import { TeeLedger } from './tee-ledger';

/** What the action handler modules share, built once per core. */
export interface ActionDeps {
  ctx: CoreContext;
  jobs: JobRegistry;
  auditor: Auditor;
  settings: ActionSettingsStore;
  recipes: RecipeStore;
}

/** How long an action waits, before it starts, for a cluster to serve every slot (as flush does). */
const NODES_WAIT_MS = 5000;

/** An action's view of a connection: its clients, and a ledger counting this action's reads. */
export async function envOf(conn: Connection, takeoverWaitMs = TAKEOVER_WAIT_MS): Promise<ActionEnv & { ledger: TeeLedger }> {
  const { target } = conn;
  // On a cluster, the primaries serving every slot now, from a fresh slot map: the client's pool
  // leaves out a node whose connection ended until its next refresh, and a preview counted on it
  // would miss that shard. A failover under way is waited for a little, then said.
  const serving = await target.servingPrimaries({ timeoutMs: NODES_WAIT_MS });
  const nodes = (serving ?? (await target.nodes('primary'))).map((n) => n.client);
  const client = target.client('actions');
  return {
    nodes,
    client,
    ledger: new TeeLedger(conn.ledger),
    groupKeys: (keys) => target.groupKeys(keys),
    servingPrimaries: async (signal) => {
      const serving = await target.servingPrimaries({ timeoutMs: takeoverWaitMs, ...(signal ? { signal } : {}) });
      // The keyed client reads the new slot map too, so keyed commands reach the new primaries at once.
      if (serving) await refreshRouting(client);
      return serving;
    },
  };
}

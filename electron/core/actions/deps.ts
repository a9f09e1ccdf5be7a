import type { Connection } from '../connections/connection';
import type { CoreContext } from '../context';
import type { Auditor } from '../audit/auditor';
import type { ActionEnv } from './env';
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

/** An action's view of a connection: its clients, and a ledger counting this action's reads. */
export async function envOf(conn: Connection): Promise<ActionEnv & { ledger: TeeLedger }> {
  const { target } = conn;
  const nodes = (await target.nodes('primary')).map((n) => n.client);
  return { nodes, client: target.client('actions'), ledger: new TeeLedger(conn.ledger), groupKeys: (keys) => target.groupKeys(keys) };
}

import { actionsView } from './actions';
import { alertsView } from './alerts';
import { analysisView } from './analysis';
import { auditView } from './audit';
import { diagnosticsView } from './diagnostics';
import { keysView } from './keys';
import { missesView } from './misses';
import { nodesView } from './nodes';
import { overviewView } from './overview';
import type { ViewContext, ViewDefinition } from './types';

/**
 * The tabs of a connection, in order. To add a view (Keys, Actions, Audit…): create
 * `views/<id>/index.ts` exporting a `ViewDefinition`, and add it here — nothing else changes.
 * Alt+1…9 selects the n-th view shown.
 */
export const VIEWS: readonly ViewDefinition[] = [
  overviewView,
  nodesView,
  keysView,
  analysisView,
  missesView,
  actionsView,
  alertsView,
  auditView,
  diagnosticsView,
];

/** The views this connection has (a view may hide itself: Nodes on a single node). */
export function viewsFor(connection: ViewContext): readonly ViewDefinition[] {
  const shown = VIEWS.filter((v) => v.shownFor?.(connection) ?? true);
  return shown.length === VIEWS.length ? VIEWS : shown;
}

/** The remembered view when the connection has it, else the first. */
export function viewById(id: string | undefined, views: readonly ViewDefinition[] = VIEWS): ViewDefinition {
  return views.find((v) => v.id === id) ?? views[0]!;
}

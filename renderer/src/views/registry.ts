import { actionsView } from './actions';
import { alertsView } from './alerts';
import { analysisView } from './analysis';
import { auditView } from './audit';
import { keysView } from './keys';
import { overviewView } from './overview';
import type { ViewDefinition } from './types';

/**
 * The tabs of a connection, in order. To add a view (Keys, Actions, Audit…): create
 * `views/<id>/index.ts` exporting a `ViewDefinition`, and add it here — nothing else changes.
 * Alt+1…9 selects the n-th view.
 */
export const VIEWS: readonly ViewDefinition[] = [
  overviewView,
  keysView,
  analysisView,
  actionsView,
  alertsView,
  auditView,
];

export function viewById(id: string | undefined): ViewDefinition {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0]!;
}

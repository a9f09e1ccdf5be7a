import type { ComponentType } from 'react';
import type { MetricSample } from '../../../shared/contract/metrics';
import type { ConnectionState, ProfileView } from '../../../shared/contract/profiles';

/** What every view of a connection receives. */
export interface ConnectionViewProps {
  profile: ProfileView;
  state: ConnectionState | undefined;
}

/**
 * One tab of the connection area. A view lives in its own folder (`views/<id>/index.ts`
 * exports its definition) and is listed once in `registry.ts`.
 */
export interface ViewDefinition {
  /** Stable id: test ids (`view-tab-<id>`) and the remembered tab use it. */
  id: string;
  label: string;
  component: ComponentType<ConnectionViewProps>;
  /** A small count on the tab (e.g. firing alerts); a hook, called on every render of the tab bar. */
  useBadge?: (connectionId: string) => number;
  /** Whether the connection has this view at all (Nodes: only with several nodes); absent = always. Pure. */
  shownFor?: (connection: ViewContext) => boolean;
}

/** What decides whether a view is shown: the connection, its state and its newest sample. */
export interface ViewContext {
  profile: ProfileView;
  state: ConnectionState | undefined;
  latest: MetricSample | undefined;
}

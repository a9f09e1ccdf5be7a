import type { ComponentType } from 'react';
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
}

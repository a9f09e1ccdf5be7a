import type { ProfileView } from '../../../shared/contract/profiles';
import { useConnectionsStore } from '../stores/connections-store';
import { useLatestSample } from '../stores/metrics-store';
import { useUiStore } from '../stores/ui-store';
import { viewById, viewsFor } from '../views/registry';
import { ConnectionHeader } from './ConnectionHeader';
import { ViewTabs } from './ViewTabs';

/** One connection: its header, the view tabs (from the registry) and the active view. */
export function ConnectionView({ profile }: { profile: ProfileView }) {
  const state = useConnectionsStore((s) => s.states[profile.id]);
  const latest = useLatestSample(profile.id);
  const views = viewsFor({ profile, state, latest });
  const view = viewById(useUiStore((s) => s.views[profile.id]), views);
  const View = view.component;
  return (
    <div className="conn-view" data-testid="connection-view" data-connection-id={profile.id}>
      <ConnectionHeader profile={profile} state={state} latest={latest} />
      <ViewTabs views={views} connectionId={profile.id} activeId={view.id} />
      <div role="tabpanel" id={`panel-${view.id}`} aria-labelledby={`tab-${view.id}`} className="view-panel" data-testid={`view-${view.id}`}>
        <View profile={profile} state={state} />
      </div>
    </div>
  );
}

import { useEffect } from 'react';
import { useServices } from '../app/context';
import { useBridgeStore } from '../stores/bridge-store';
import { useConnectionsStore } from '../stores/connections-store';
import { useMetricsStore } from '../stores/metrics-store';
import { useUiStore } from '../stores/ui-store';
import { viewsFor } from '../views/registry';
import { BridgeBanner } from './BridgeBanner';
import { ConnectionDialog } from './connection-form/ConnectionDialog';
import { MainPane } from './MainPane';
import { NoTokenScreen } from './NoTokenScreen';
import { Sidebar } from './Sidebar';

/** App-wide keys: Alt+↑/↓ previous/next connection, Alt+1…9 the n-th view. Not while a dialog is open. */
function useGlobalKeys(): void {
  const { actions } = useServices();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || useUiStore.getState().dialog) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        void actions.step(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      // e.code: Alt+digit types other characters on some layouts (macOS).
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
      const connections = useConnectionsStore.getState();
      const id = connections.selectedId;
      const profile = connections.profiles.find((p) => p.id === id);
      // The n-th of the tabs this connection shows (Nodes only with several nodes).
      const views = profile ? viewsFor({ profile, state: connections.states[profile.id], latest: useMetricsStore.getState().latest[profile.id] }) : [];
      const view = digit ? views[Number(digit) - 1] : undefined;
      if (view && id) {
        e.preventDefault();
        useUiStore.getState().setView(id, view.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}

export function App() {
  const bridge = useBridgeStore((s) => s.status);
  const dialog = useUiStore((s) => s.dialog);
  useGlobalKeys();
  if (bridge.kind === 'no-token') return <NoTokenScreen />;
  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        <BridgeBanner />
        <MainPane />
      </main>
      {dialog && <ConnectionDialog key={dialog.kind === 'add' ? 'add' : `${dialog.kind}-${dialog.profile.id}`} dialog={dialog} />}
    </div>
  );
}

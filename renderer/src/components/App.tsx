import { useBridgeStore } from '../stores/bridge-store';
import { useUiStore } from '../stores/ui-store';
import { BridgeBanner } from './BridgeBanner';
import { ConnectionDialog } from './connection-form/ConnectionDialog';
import { MainPane } from './MainPane';
import { NoTokenScreen } from './NoTokenScreen';
import { Sidebar } from './Sidebar';

export function App() {
  const bridge = useBridgeStore((s) => s.status);
  const dialog = useUiStore((s) => s.dialog);
  if (bridge.kind === 'no-token') return <NoTokenScreen />;
  return (
    <div className="app">
      <Sidebar />
      <main className="main" aria-live="polite">
        <BridgeBanner />
        <MainPane />
      </main>
      {dialog && <ConnectionDialog key={dialog.kind === 'edit' ? dialog.profile.id : 'add'} dialog={dialog} />}
    </div>
  );
}

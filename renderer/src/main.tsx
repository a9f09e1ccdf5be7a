import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createActions, startSync } from './app/actions';
import { ServicesContext } from './app/context';
import { createDashboardActions, startDashboardSync } from './app/dashboard-actions';
import { ensureJobFeed } from './app/jobs-store';
import { createMetricsFeed } from './app/metrics-feed';
import { createBridge } from './bridge/bridge';
import { App } from './shell/App';
import { useBridgeStore } from './stores/bridge-store';
import { initTheme } from './stores/theme-store';
import './styles/app.css';

initTheme();

const bridge = createBridge((status) => useBridgeStore.getState().setStatus(status));
const dashboard = createDashboardActions(bridge.api);
const metrics = createMetricsFeed(bridge.api);
const actions = createActions(bridge.api, dashboard, metrics);
startSync(bridge.api, actions);
metrics.start();
startDashboardSync(bridge.api);
// From the start: a job that ends before its view asks is still known.
ensureJobFeed(bridge.api);

// Every (re)open reloads profiles and reopens the selection: the server may have restarted.
let booting: Promise<void> = Promise.resolve();
const boot = () => {
  booting = booting.then(() => actions.boot());
};
if (useBridgeStore.getState().status.kind === 'open') boot();
useBridgeStore.subscribe((now, before) => {
  if (now.status.kind === 'open' && before.status.kind !== 'open') boot();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={{ actions, dashboard, api: bridge.api, reconnectBridge: bridge.reconnectNow }}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);

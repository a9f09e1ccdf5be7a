import { useServices } from '../../app/context';
import type { ConnectionViewProps } from '../types';
import { ClientsPanel } from './ClientsPanel';
import { CommandMixPanel } from './CommandMixPanel';
import { LatencyPanel } from './LatencyPanel';
import { SlowlogPanel } from './SlowlogPanel';
import { usePanel } from './use-panel';
import './diagnostics.css';

/** Read every 5 s while shown: the command mix's rates are over this interval. */
const READ_MS = 5000;
/** The latency monitor keeps one sample per second at most; its history moves slowly. */
const LATENCY_MS = 10_000;

/**
 * Who is slow and who is doing it: the slow log, the latency monitor, the command mix and the
 * clients. Each panel is read on its own, so one the server refuses (ACL, renamed command) says
 * why and the others still work.
 */
export function DiagnosticsView({ profile, state }: ConnectionViewProps) {
  const { api } = useServices();
  const ready = state?.status === 'ready';
  const slowlog = usePanel(api, 'diagnostics.slowlog', profile.id, READ_MS, ready);
  const latency = usePanel(api, 'diagnostics.latency', profile.id, LATENCY_MS, ready);
  const commands = usePanel(api, 'diagnostics.commands', profile.id, READ_MS, ready);
  const clients = usePanel(api, 'diagnostics.clients', profile.id, READ_MS, ready);
  if (!ready) return <p className="muted" data-testid="diagnostics-view">Diagnostics are read when connected.</p>;
  return (
    <div className="diagnostics-view" data-testid="diagnostics-view">
      <SlowlogPanel connectionId={profile.id} color={profile.color} panel={slowlog} />
      <CommandMixPanel panel={commands} />
      <ClientsPanel connectionId={profile.id} color={profile.color} panel={clients} />
      <LatencyPanel connectionId={profile.id} color={profile.color} panel={latency} />
    </div>
  );
}

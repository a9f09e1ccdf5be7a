import { CHART_WINDOWS, useDashboardStore } from '../../stores/dashboard-store';
import { formatClock } from '../../charts/time-format';

/** Window selector (5 m … 24 h over the poller's history) and pause/resume of the charts. */
export function ChartToolbar({ liveTo, bucketMs }: { liveTo: number; bucketMs: number }) {
  const { window, pausedAt, setWindow, pause, resume } = useDashboardStore();
  return (
    <div className="chart-toolbar" role="toolbar" aria-label="Chart window">
      <div className="segmented segmented-small" role="radiogroup" aria-label="Time window">
        {CHART_WINDOWS.map((w) => (
          <label key={w.id} className={`segment${window === w.id ? ' on' : ''}`}>
            <input type="radio" name="chart-window" value={w.id} data-testid={`window-${w.id}`} checked={window === w.id} onChange={() => setWindow(w.id)} />
            {w.label}
          </label>
        ))}
      </div>
      {pausedAt === null ? (
        <button type="button" className="btn btn-small" data-testid="charts-pause" onClick={() => pause(liveTo)} title="Freeze the charts to look closely; numbers keep being collected">
          Pause
        </button>
      ) : (
        <button type="button" className="btn btn-small btn-primary" data-testid="charts-resume" onClick={resume}>
          Resume
        </button>
      )}
      <span className="muted small" data-testid="charts-mode">
        {pausedAt === null ? 'live' : `paused at ${formatClock(pausedAt)}`}
        {bucketMs > 0 ? ` · one point per ${bucketMs >= 60_000 ? `${bucketMs / 60_000} min` : `${bucketMs / 1000} s`}` : ''}
      </span>
    </div>
  );
}

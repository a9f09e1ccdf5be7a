import type { ReactNode } from 'react';
import { Sparkline } from './Sparkline';

export interface KpiTileProps {
  testId: string;
  label: string;
  value: string;
  unit?: string;
  /** The raw number behind `value` (for tests and tooltips); null = no data. */
  raw: number | null;
  detail?: ReactNode;
  tone?: 'ok' | 'warn' | 'bad';
  series?: (number | null)[];
  help: string;
  /** A card shown on hover and keyboard focus (the tile becomes focusable). */
  hover?: ReactNode;
}

export function KpiTile({ testId, label, value, unit, raw, detail, tone, series, help, hover }: KpiTileProps) {
  return (
    <section
      className={`kpi${tone ? ` kpi-${tone}` : ''}${hover ? ' has-hover' : ''}`}
      data-testid={testId}
      data-value={raw ?? ''}
      title={hover ? undefined : help}
      aria-label={label}
      tabIndex={hover ? 0 : undefined}
    >
      <header className="kpi-label">{label}</header>
      <div className="kpi-value">
        <span data-testid={`${testId}-value`}>{value}</span>
        {unit && raw !== null && <span className="kpi-unit">{unit}</span>}
      </div>
      <div className="kpi-detail" data-testid={`${testId}-detail`}>
        {detail}
      </div>
      {series && <Sparkline values={series} />}
      {hover && (
        <div className="kpi-hover" role="tooltip" data-testid={`${testId}-hover`}>
          <p className="muted small">{help}</p>
          {hover}
        </div>
      )}
    </section>
  );
}

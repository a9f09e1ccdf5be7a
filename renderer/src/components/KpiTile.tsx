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
}

export function KpiTile({ testId, label, value, unit, raw, detail, tone, series, help }: KpiTileProps) {
  return (
    <section className={`kpi${tone ? ` kpi-${tone}` : ''}`} data-testid={testId} data-value={raw ?? ''} title={help} aria-label={label}>
      <header className="kpi-label">{label}</header>
      <div className="kpi-value">
        <span data-testid={`${testId}-value`}>{value}</span>
        {unit && raw !== null && <span className="kpi-unit">{unit}</span>}
      </div>
      <div className="kpi-detail" data-testid={`${testId}-detail`}>
        {detail}
      </div>
      {series && <Sparkline values={series} />}
    </section>
  );
}

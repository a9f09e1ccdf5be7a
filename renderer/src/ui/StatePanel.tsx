import type { ReactNode } from 'react';

/** A designed, never-blank state: what is happening, in words, and what to do about it. */
export function StatePanel({
  testId,
  tone,
  title,
  children,
  actions,
  busy,
}: {
  testId: string;
  tone: 'muted' | 'warn' | 'bad';
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  busy?: boolean;
}) {
  return (
    <section className={`state-panel tone-border-${tone}`} data-testid={testId} role={tone === 'bad' ? 'alert' : 'status'}>
      <h2>
        {busy && <span className="spinner" aria-hidden="true" />}
        {title}
      </h2>
      {children}
      {actions && <div className="state-actions">{actions}</div>}
    </section>
  );
}

import { useRef, type KeyboardEvent } from 'react';
import { useUiStore } from '../stores/ui-store';
import type { ViewDefinition } from '../views/types';

function TabBadge({ view, connectionId }: { view: ViewDefinition; connectionId: string }) {
  const n = view.useBadge?.(connectionId) ?? 0;
  return n > 0 ? (
    <span className="tab-badge" data-testid={`view-tab-${view.id}-badge`}>
      {n}
    </span>
  ) : null;
}

/** The connection's views as ARIA tabs: ←/→/Home/End move and activate; Alt+1…9 from anywhere (App). */
export function ViewTabs({ views, connectionId, activeId }: { views: readonly ViewDefinition[]; connectionId: string; activeId: string }) {
  const setView = useUiStore((s) => s.setView);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, index: number) => {
    const last = views.length - 1;
    const next = e.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : e.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : null;
    if (next === null) return;
    e.preventDefault();
    setView(connectionId, views[next]!.id);
    refs.current[next]?.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label="Views" data-testid="view-tabs">
      {views.map((v, i) => {
        const on = v.id === activeId;
        return (
          <button
            key={v.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${v.id}`}
            aria-selected={on}
            aria-controls={`panel-${v.id}`}
            tabIndex={on ? 0 : -1}
            className={`view-tab${on ? ' on' : ''}`}
            data-testid={`view-tab-${v.id}`}
            title={i < 9 ? `${v.label} (Alt+${i + 1})` : v.label}
            onClick={() => setView(connectionId, v.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {v.label}
            <TabBadge view={v} connectionId={connectionId} />
          </button>
        );
      })}
    </div>
  );
}

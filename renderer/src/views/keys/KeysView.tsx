import { useEffect, useRef, useState } from 'react';
import { useServices } from '../../app/context';
import { StatePanel } from '../../ui/StatePanel';
import { useUiStore } from '../../stores/ui-store';
import type { ConnectionViewProps } from '../types';
import { BrowserPane } from './BrowserPane';
import { KeyDetailPane } from './detail/KeyDetailPane';
import { wireId } from './key-names';
import { useBrowse } from './keys-store';
import { useKeysSync } from './keys-sync';
import { patchKeyRow } from './patch-rows';
import { createKeysPager } from './rows';
import './keys.css';

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** The Keys tab: the namespace tree / flat list on the left, the selected key on the right. */
export function KeysView({ profile, state }: ConnectionViewProps) {
  const { api } = useServices();
  const id = profile.id;
  const connected = state?.status === 'ready';
  useKeysSync(api, id, connected);
  const browse = useBrowse(id);
  // One pager per connection view: it holds only the pages on screen.
  const [pager] = useState(createKeysPager);
  useEffect(() => () => pager.dispose(), [pager]);
  const filterRef = useRef<HTMLInputElement | null>(null);

  // `/` focuses the filter from anywhere while this view is shown (not while typing, not over a dialog).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target) || useUiStore.getState().dialog || !filterRef.current) return;
      e.preventDefault();
      filterRef.current.focus();
      filterRef.current.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!connected)
    return (
      <StatePanel testId="keys-not-connected" tone="muted" title="Keys need an open connection">
        <p className="muted">{state?.reason ?? `Cachescope is ${state?.status ?? 'not'} connected to ${profile.name}.`} The browser opens once the connection is ready.</p>
      </StatePanel>
    );

  return (
    <div className="keys-view" data-testid="keys-view">
      <BrowserPane api={api} id={id} pager={pager} filterRef={filterRef} />
      <KeyDetailPane
        key={browse.selected ? wireId(browse.selected) : 'none'}
        api={api}
        id={id}
        keyName={browse.selected}
        nonce={browse.detailNonce}
        readOnly={profile.readOnly}
        onMeta={(key, meta) => patchKeyRow(pager, key, meta)}
      />
    </div>
  );
}

import { useState } from 'react';
import type { Envelope } from '../../../../shared/envelope';

export interface WriteState<A> {
  /** What the dialog is asking about; null while closed. */
  pending: A | null;
  busy: boolean;
  error: string | null;
  ask(about: A): void;
  cancel(): void;
  /** Send with the confirmation the dialog collected; closes on success. */
  confirm(confirmation: string): void;
}

/** A confirmed write: ask (opens the dialog), confirm (sends), the core's refusal shown in the dialog. */
export function useWrite<A>(send: (about: A, confirmation: string) => Promise<Envelope<unknown>>, done: () => void): WriteState<A> {
  const [pending, setPending] = useState<A | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    pending,
    busy,
    error,
    ask(about) {
      setError(null);
      setPending(about);
    },
    cancel() {
      setPending(null);
      setError(null);
    },
    confirm(confirmation) {
      if (pending === null) return;
      setBusy(true);
      void send(pending, confirmation).then((r) => {
        setBusy(false);
        if (!r.ok) return setError(r.error.message);
        setPending(null);
        done();
      });
    },
  };
}

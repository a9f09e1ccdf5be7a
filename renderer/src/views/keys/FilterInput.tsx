import { useEffect, useRef, useState, type RefObject } from 'react';

/** The glob filter, applied a moment after typing stops so each keystroke is not a query. */
export function FilterInput({ value, onChange, inputRef }: { value: string; onChange(v: string): void; inputRef: RefObject<HTMLInputElement | null> }) {
  const [draft, setDraft] = useState(value);
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => changed.current(draft), 250);
    return () => clearTimeout(t);
  }, [draft, value]);
  return (
    <input
      ref={inputRef}
      type="text"
      className="keys-filter"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onChange(draft);
        if (e.key === 'Escape') setDraft('');
      }}
      placeholder="Filter (glob)  /"
      title="A glob over key names (user:*, *:42); plain text means “contains”. Press / to get here."
      aria-label="Filter keys by glob"
      spellCheck={false}
      data-testid="keys-filter"
    />
  );
}

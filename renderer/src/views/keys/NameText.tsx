import type { WireBytes } from '../../../../shared/contract/keys';
import { nameParts } from './key-names';

/**
 * Bytes drawn exactly (see nameParts): literal text as text, each control or non-UTF-8 byte as
 * a chip in another style, with a tooltip naming the byte. The one way a key name is drawn.
 */
export function NameText({ name, className }: { name: WireBytes; className?: string }) {
  const parts = nameParts(name);
  return (
    <span className={className}>
      {parts.map((p, i) =>
        'text' in p ? (
          p.text
        ) : (
          <span key={i} className="name-esc" title={p.title}>
            {p.escape}
          </span>
        ),
      )}
    </span>
  );
}

import type { WireBytes } from '../../../../shared/contract/keys';
import { formatInteger } from '../../../../shared/format';
import { displayName, isBinary, shownName, wireId } from '../keys/key-names';
import { NameText } from '../keys/NameText';

/** One exact name on one line: escapes for control and non-UTF-8 bytes, a badge when binary. */
export function KeyNameText({ name }: { name: WireBytes }) {
  const text = displayName(name);
  return (
    <span className="act-key" title={shownName(name)} data-testid="key-name" data-name={text}>
      <code>{text === '' ? '(empty name)' : <NameText name={name} />}</code>
      {isBinary(name) && <span className="badge act-binary">binary</span>}
    </span>
  );
}

/** A short list of sampled names (a preview's ≤ 20, an undo's skipped keys). */
export function KeyNameList({ names, testId, more }: { names: WireBytes[]; testId: string; more?: number }) {
  if (names.length === 0) return null;
  return (
    <ul className="act-names" data-testid={testId}>
      {names.map((n) => (
        <li key={wireId(n)} data-testid={`${testId}-item`}>
          <KeyNameText name={n} />
        </li>
      ))}
      {more !== undefined && more > 0 && <li className="muted small">… and {formatInteger(more)} more</li>}
    </ul>
  );
}

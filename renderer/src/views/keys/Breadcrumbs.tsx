import type { WireBytes } from '../../../../shared/contract/keys';
import { displayName } from './key-names';
import { NameText } from './NameText';
import type { Crumb } from './keys-store';

/** Where the tree is: the root (or the folded prefix), then each opened folder; a click goes back there. */
export function Breadcrumbs({ path, fold, onGo, onInvalidate }: { path: Crumb[]; fold: WireBytes | null; onGo(depth: number): void; onInvalidate?(crumb: Crumb): void }) {
  const here = path.at(-1);
  return (
    <nav className="crumbs" aria-label="Folder" data-testid="crumbs">
      <button type="button" className="crumb" onClick={() => onGo(0)} aria-current={path.length === 0 ? 'location' : undefined} data-testid="crumb-root">
        {fold ? (
          <>
            <NameText name={fold} /> <span className="muted small">(folded)</span>
          </>
        ) : (
          'All keys'
        )}
      </button>
      {path.map((c, i) => (
        <span key={i} className="crumb-wrap">
          <span className="crumb-sep" aria-hidden="true">
            ›
          </span>
          <button type="button" className="crumb" onClick={() => onGo(i + 1)} aria-current={i === path.length - 1 ? 'location' : undefined} data-testid="crumb">
            {c.pattern && displayName(c.name) === '*' ? '‹id›' : <NameText name={c.name} />}
          </button>
        </span>
      ))}
      {here && onInvalidate && (
        <button type="button" className="btn btn-ghost btn-small crumb-invalidate" onClick={() => onInvalidate(here)} data-testid="crumb-invalidate" title="Preview deleting the keys of this folder in Actions">
          Invalidate…
        </button>
      )}
    </nav>
  );
}

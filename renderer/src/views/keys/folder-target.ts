import type { WireBytes } from '../../../../shared/contract/keys';
import { wireToBytes } from '../../../../shared/value-view';
import type { ActionsTarget } from '../../stores/ui-store';
import { bytesToWire } from './key-names';
import type { Crumb } from './keys-store';

/** Text as the target picker takes it: UTF-8 as is, anything else as `base64:…` (views/actions/target.ts). */
const pickerText = (w: WireBytes) => ('utf8' in w ? w.utf8 : `base64:${w.base64}`);

/**
 * What invalidates the keys of an open tree folder: a literal folder's prefix; a leaf group's
 * exact glob (`user:*:profile`) as it is; an id folder's glob (`user:*:`) with `*` for the rest
 * of the key (`user:*:*`). A Redis `*` also spans delimiters, so the preview's count is the one to
 * read before confirming.
 */
export function folderTarget(crumb: Crumb, delimiter: string): ActionsTarget {
  if (!crumb.pattern) return { kind: 'prefix', text: pickerText(crumb.prefix) };
  const glob = wireToBytes(crumb.prefix);
  const delim = new TextEncoder().encode(delimiter);
  const leaf = !(glob.length >= delim.length && delim.every((b, i) => glob[glob.length - delim.length + i] === b));
  return { kind: 'pattern', text: pickerText(leaf ? crumb.prefix : bytesToWire(Uint8Array.from([...glob, 0x2a]))) };
}

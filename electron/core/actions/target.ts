import type { ActionTarget } from '../../../shared/contract';
import { CoreError } from '../errors';
import { displayBytes, fromWire, prefixPattern } from '../keys/wire-bytes';

/** A target reduced to what the engine runs: explicit keys, or a SCAN MATCH pattern. */
export type ResolvedTarget =
  | { kind: 'keys'; keys: Buffer[]; type?: string }
  | { kind: 'scan'; pattern: Buffer; type?: string };

/** Contract target → exact bytes. A prefix is literal: its glob characters are escaped. */
export function resolveTarget(target: ActionTarget): ResolvedTarget {
  const type = target.type?.toLowerCase();
  const typed = type ? { type } : {};
  switch (target.kind) {
    case 'keys': {
      // Deduplicate by bytes: the same key twice must count (and be captured for undo) once.
      const seen = new Map<string, Buffer>();
      for (const k of target.keys) {
        const bytes = fromWire(k);
        seen.set(bytes.toString('latin1'), bytes);
      }
      return { kind: 'keys', keys: [...seen.values()], ...typed };
    }
    case 'prefix': {
      const prefix = fromWire(target.prefix);
      if (prefix.length === 0) throw new CoreError('BAD_REQUEST', 'An empty prefix would match every key: choose "all keys" explicitly instead.');
      return { kind: 'scan', pattern: prefixPattern(prefix), ...typed };
    }
    case 'pattern': {
      const pattern = fromWire(target.pattern);
      if (pattern.length === 0) throw new CoreError('BAD_REQUEST', 'The pattern is empty.');
      return { kind: 'scan', pattern, ...typed };
    }
    case 'all':
      return { kind: 'scan', pattern: Buffer.from('*'), ...typed };
  }
}

/** The target in words, for the preview, the audit log and the CLI. */
export function describeTarget(target: ActionTarget): string {
  const type = target.type ? ` (type ${target.type})` : '';
  switch (target.kind) {
    case 'keys': {
      const names = target.keys.slice(0, 3).map((k) => JSON.stringify(displayBytes(fromWire(k))));
      const more = target.keys.length > 3 ? ` and ${target.keys.length - 3} more` : '';
      return `${target.keys.length === 1 ? 'key' : `${target.keys.length} keys`} ${names.join(', ')}${more}${type}`;
    }
    case 'prefix':
      return `prefix ${JSON.stringify(displayBytes(fromWire(target.prefix)))}${type}`;
    case 'pattern':
      return `pattern ${JSON.stringify(displayBytes(fromWire(target.pattern)))}${type}`;
    case 'all':
      return `every key in the db${type}`;
  }
}

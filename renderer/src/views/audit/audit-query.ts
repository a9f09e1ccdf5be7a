import type { AuditOutcome } from '../../../../shared/contract/actions';

/** The filter form of the audit view, and how it maps onto `audit.list` / `audit.export` (unit-tested). */

export interface AuditFilterForm {
  /** '' = every action. */
  action: string;
  outcome: '' | AuditOutcome;
  text: string;
  /** false = only this connection. */
  allConnections: boolean;
}

export const EMPTY_FILTER: AuditFilterForm = { action: '', outcome: '', text: '', allConnections: false };

/** Actions the core writes today; any other name seen in the log is offered too. */
export const KNOWN_ACTIONS = ['invalidate', 'undo', 'flushdb', 'flushall', 'flush', 'warm-file', 'warm-urls', 'warm'] as const;

export const LIST_LIMIT = 500;

export interface AuditQuery {
  connectionId?: string;
  action?: string;
  outcome?: AuditOutcome;
  text?: string;
  limit: number;
}

export function toQuery(form: AuditFilterForm, connectionId: string, limit = LIST_LIMIT): AuditQuery {
  const text = form.text.trim();
  return {
    ...(form.allConnections ? {} : { connectionId }),
    ...(form.action ? { action: form.action } : {}),
    ...(form.outcome ? { outcome: form.outcome } : {}),
    ...(text ? { text: text.slice(0, 200) } : {}),
    limit,
  };
}

/** The action choices: the known ones, then any other the log holds, sorted. */
export function actionChoices(seen: Iterable<string>): string[] {
  const extra = [...new Set(seen)].filter((a) => !(KNOWN_ACTIONS as readonly string[]).includes(a)).sort();
  return [...KNOWN_ACTIONS, ...extra];
}

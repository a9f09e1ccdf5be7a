import type { AuditOutcome } from '../../../../shared/contract/actions';

/** The contract's outcomes (a value list the renderer may not import from zod code). */
export const AUDIT_OUTCOME_CHOICES: readonly AuditOutcome[] = ['ok', 'partial', 'failed', 'cancelled', 'stopped', 'refused', 'unfinished'];

export const OUTCOME_TONE: Record<AuditOutcome, string> = {
  ok: 'tone-ok',
  partial: 'tone-warn',
  failed: 'tone-bad',
  cancelled: 'tone-warn',
  stopped: 'tone-bad',
  refused: 'tone-warn',
  unfinished: 'tone-bad',
};

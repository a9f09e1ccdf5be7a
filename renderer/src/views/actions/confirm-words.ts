import type { ConfirmRequirement } from '../../../../shared/contract/actions';

/** Whether the typed text confirms: exact, case-sensitive — the core checks the same way. */
export function phraseMatches(confirm: ConfirmRequirement, typed: string): boolean {
  return confirm.kind === 'click' || typed === confirm.phrase;
}

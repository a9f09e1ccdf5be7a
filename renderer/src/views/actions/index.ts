import type { ViewDefinition } from '../types';
import { ActionsView } from './ActionsView';

export const actionsView: ViewDefinition = {
  id: 'actions',
  label: 'Actions',
  component: ActionsView,
};

/**
 * For other views (the Keys view's "delete this key"): the confirmation dialog, the preview's
 * summary, the invalidation spec and the undo hook, so every delete looks and behaves alike.
 * The flow itself is app/confirmed-action.ts.
 */
export { ConfirmActionDialog, type ConfirmActionDialogProps } from './ConfirmActionDialog';
export { phraseMatches } from './confirm-words';
export { PreviewSummary } from './PreviewSummary';
export { invalidationSpec, useInvalidation, type Invalidation, type InvalidationState } from './use-invalidation';
export { useUndoRun } from './use-undo-run';
export { UndoRun } from './UndoRun';
export { JobProgressBar } from './JobProgressBar';

import type { ViewDefinition } from '../types';
import { ActionsView } from './ActionsView';

export const actionsView: ViewDefinition = {
  id: 'actions',
  label: 'Actions',
  component: ActionsView,
};

/**
 * For other views (the Keys view's "delete this key"): the confirmation dialog, the preview's
 * summary and the preview → confirm → execute → undo hooks, so every delete looks and behaves alike.
 */
export { ConfirmActionDialog, type ConfirmActionDialogProps } from './ConfirmActionDialog';
export { phraseMatches } from './confirm-words';
export { PreviewSummary } from './PreviewSummary';
export { useInvalidation, useUndoRun, type Invalidation, type InvalidationState } from './use-invalidation';
export { UndoRun } from './UndoRun';
export { JobProgressBar } from './JobProgressBar';

import type { ViewDefinition } from '../types';
import { AuditView } from './AuditView';

export const auditView: ViewDefinition = {
  id: 'audit',
  label: 'Audit',
  component: AuditView,
};

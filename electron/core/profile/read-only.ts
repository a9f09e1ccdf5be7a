import type { ResolvedProfile } from './profile';
import { CoreError } from '../errors';

/**
 * The one guard every write handler calls first. It lives in the core so no caller — the
 * renderer, the CLI or a crafted IPC/WebSocket message — can write through a read-only connection.
 */
export function assertWritable(profile: Pick<ResolvedProfile, 'readOnly' | 'name'>, action: string): void {
  if (profile.readOnly)
    throw new CoreError('READ_ONLY', `Connection "${profile.name}" is read-only: ${action} is refused. Turn off read-only in the connection's settings to change data.`);
}

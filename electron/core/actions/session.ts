import type Redis from 'ioredis';
import type { ResolvedProfile } from '../profile/profile';
import { defaultDataDir } from '../data-dir';
import { connectOnce } from '../redis/connect-once';
import { AuditLog, auditFile } from '../audit/audit-log';
import { Auditor } from '../audit/auditor';
import type { ActionEnv } from './env';
import { TeeLedger } from './tee-ledger';

/**
 * Actions outside the app (the CLI): one client to a standalone server, a ledger of this
 * run's own reads (reported as `serverReads`), and the same audit log the app writes, in
 * the user data folder.
 */
export interface ActionSession {
  client: Redis;
  env: ActionEnv & { ledger: TeeLedger };
  auditor: Auditor;
  close(): void;
}

export async function openActionSession(profile: ResolvedProfile, env: NodeJS.ProcessEnv): Promise<ActionSession> {
  const client = await connectOnce(profile, 'cli');
  client.on('error', () => undefined); // a lost connection fails the pending command, which reports it
  return {
    client,
    env: { nodes: [client], client, ledger: new TeeLedger(null) },
    auditor: new Auditor(new AuditLog(auditFile(defaultDataDir(env))), 'cli', null),
    close: () => client.disconnect(),
  };
}

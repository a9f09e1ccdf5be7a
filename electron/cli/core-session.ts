import type { CachescopeApi } from '../../shared/contract/api';
import type { CommandArgs, CommandName, CommandReply, Envelope, JobProgress } from '../../shared/contract';
import { createCore } from '../core/core';
import { KeyFileSecretBox } from '../core/connections/secret-box';
import { describeAddress, type ResolvedProfile } from '../core/profile/profile';
import { defaultDataDir } from '../core/data-dir';
import { appVersion } from '../core/version';
import { createInProcessClient } from '../transports/in-process';
import type { CliContext } from './command';
import { envelopeError } from './envelope-error';

/** Files a command line names: what the core's "dialogs" answer (the user typed them, main did not ask). */
export interface CliFiles {
  /** Where to write (invalidate --backup). */
  save?: string;
  /** What to read (restore --backup, warm --file). */
  open?: string;
}

/** A command's own core, reached only through the contract. */
export interface CliCore {
  api: CachescopeApi;
  /** The connection id the flags' profile has in this core. */
  id: string;
  /** Invoke; an error envelope becomes the CLI error its code maps to (exit 2, 3, 4 or 1). */
  call<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<CommandReply<C>>;
  /** Start a job (`start` resolves to its id) and wait for its last progress; Ctrl-C cancels it. */
  runJob(start: () => Promise<string>, signal: AbortSignal, onProgress?: (p: JobProgress) => void): Promise<JobProgress>;
  close(): Promise<void>;
}

/**
 * The CLI's composition root, as serve.ts is serve mode's: a core for this one run, in mode
 * `cli` (its audit entries say so), connected to the profile the flags describe — a session
 * profile, never saved (the password stays in this process's memory) — and opened once.
 */
/** How the session connection is made. */
export interface CliSession {
  /** A command unanswered this long fails (SLOW) instead of waiting on a frozen server. */
  commandTimeoutMs?: number;
}

export async function openCliCore(profile: ResolvedProfile, ctx: CliContext, files: CliFiles = {}, session: CliSession = {}): Promise<CliCore> {
  const dataDir = defaultDataDir(ctx.env);
  const core = createCore({
    dataDir,
    secrets: new KeyFileSecretBox(dataDir),
    mode: 'cli',
    version: appVersion(),
    env: ctx.env,
    session: profile,
    oneShot: true,
    ...(session.commandTimeoutMs ? { commandTimeoutMs: session.commandTimeoutMs } : {}),
    dialogs: {
      chooseSavePath: async () => files.save ?? null,
      chooseOpenPath: async () => files.open ?? null,
    },
  });
  const api = createInProcessClient(core);
  const where = describeAddress(profile);
  const unwrap = <T>(reply: Envelope<T>): T => {
    if (!reply.ok) throw envelopeError(reply.error, where);
    return reply.value;
  };
  const call: CliCore['call'] = async (command, args) => unwrap(await api.invoke(command, args));
  try {
    await call('connections.open', { id: profile.id });
  } catch (e) {
    await core.close();
    throw e;
  }
  return {
    api,
    id: profile.id,
    call,
    async runJob(start, signal, onProgress) {
      // Listen before starting: a short job can end before its id comes back.
      const seen = new Map<string, JobProgress>();
      const waiting: { settle?: (p: JobProgress) => void } = {};
      let jobId: string | null = null;
      const off = api.on('job.progress', (p) => {
        if (jobId === null) seen.set(p.jobId, p);
        else if (p.jobId === jobId) take(p);
      });
      const take = (p: JobProgress) => {
        onProgress?.(p);
        if (p.state !== 'running') waiting.settle?.(p);
      };
      const cancel = () => {
        if (jobId !== null) void api.invoke('actions.cancel', { jobId });
      };
      try {
        const ended = new Promise<JobProgress>((resolve) => (waiting.settle = resolve));
        jobId = await start();
        const early = seen.get(jobId);
        seen.clear();
        if (early) take(early);
        signal.addEventListener('abort', cancel, { once: true });
        if (signal.aborted) cancel();
        return await ended;
      } finally {
        signal.removeEventListener('abort', cancel);
        off();
      }
    },
    close: () => core.close(),
  };
}

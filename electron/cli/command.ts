/** What a subcommand gets from the entry point: the environment and where to write. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A subcommand module: its `--help` text and a run that resolves to an exit code. */
export interface CommandModule {
  usage: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  /** Loaded on demand, so `cachescope stats` does not pay for the serve mode's web server. */
  load(): Promise<CommandModule>;
}

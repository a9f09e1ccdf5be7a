/** Longest argument shown as text; longer ones end in "…" with their size. */
export const MAX_ARG_CHARS = 40;

/**
 * Where a command's values sit (0 = the command name): from `start`, every `step`-th argument.
 * A value is shown as its size only: a slow log must not put a cached page or a session on screen.
 */
const VALUE_POSITIONS: Record<string, { start: number; step: number }> = {
  set: { start: 2, step: 1e9 },
  setnx: { start: 2, step: 1e9 },
  getset: { start: 2, step: 1e9 },
  append: { start: 2, step: 1e9 },
  setex: { start: 3, step: 1e9 },
  psetex: { start: 3, step: 1e9 },
  setrange: { start: 3, step: 1e9 },
  lset: { start: 3, step: 1e9 },
  linsert: { start: 3, step: 1 },
  mset: { start: 2, step: 2 },
  msetnx: { start: 2, step: 2 },
  hset: { start: 3, step: 2 },
  hmset: { start: 3, step: 2 },
  hsetnx: { start: 3, step: 1e9 },
  lpush: { start: 2, step: 1 },
  rpush: { start: 2, step: 1 },
  lpushx: { start: 2, step: 1 },
  rpushx: { start: 2, step: 1 },
  sadd: { start: 2, step: 1 },
  srem: { start: 2, step: 1 },
  sismember: { start: 2, step: 1 },
  lrem: { start: 3, step: 1 },
  zadd: { start: 2, step: 1 },
  xadd: { start: 2, step: 1 },
  publish: { start: 2, step: 1 },
  restore: { start: 3, step: 1 },
  auth: { start: 1, step: 1 },
  hello: { start: 1, step: 1 },
};

/** Redis itself cuts an argument past 128 bytes to "<first 128>... (N more bytes)". */
const CUT_BY_REDIS = /^([\s\S]*)\.\.\. \((\d+) more bytes\)$/;
/** … and a command past 32 arguments ends with "... (N more arguments)". */
const MORE_ARGS = /^\.\.\. \(\d+ more arguments\)$/;

function byteSize(arg: string): number {
  const cut = CUT_BY_REDIS.exec(arg);
  return cut ? Buffer.byteLength(cut[1]!) + Number(cut[2]) : Buffer.byteLength(arg);
}

function sizeWords(bytes: number): string {
  return `‹${bytes} B›`;
}

function isValuePosition(command: string, index: number): boolean {
  const p = VALUE_POSITIONS[command];
  if (!p || index < p.start) return false;
  return (index - p.start) % p.step === 0;
}

/**
 * A command line fit to show: values as their size only, every other argument cut at
 * MAX_ARG_CHARS with its full size ("user:1234:profile:…(310 B)"). The command name stays whole.
 */
export function shortenArgs(args: readonly string[]): string[] {
  const command = (args[0] ?? '').toLowerCase();
  return args.map((arg, i) => {
    if (i === 0 || MORE_ARGS.test(arg)) return arg;
    if (isValuePosition(command, i)) return sizeWords(byteSize(arg));
    const cut = CUT_BY_REDIS.exec(arg);
    const text = cut ? cut[1]! : arg;
    if (!cut && [...text].length <= MAX_ARG_CHARS) return text;
    return `${[...text].slice(0, MAX_ARG_CHARS).join('')}…(${byteSize(arg)} B)`;
  });
}

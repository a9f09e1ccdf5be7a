/** Where the environment default's address came from, in words: "from REDIS_URL", "default localhost:6379". */
export function originWords(origin: string): string {
  return origin.startsWith('default') ? origin : `from ${origin}`;
}

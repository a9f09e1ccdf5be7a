/**
 * The words that run this CLI again, for the commands it suggests (issue 15): `npm install` puts
 * no `cachescope` on PATH, so a run started by `npx cachescope …` (npm sets npm_command=exec)
 * suggests `npx cachescope …`; a linked or installed `cachescope` suggests itself.
 */
export function selfCommand(env: NodeJS.ProcessEnv): string {
  // npm_command leaks into children (`npx vitest` → a spawned CLI): only a run npx started *as* cachescope counts.
  return env.npm_command === 'exec' && /^'?cachescope'?(\s|$)/.test(env.npm_lifecycle_script ?? '') ? 'npx cachescope' : 'cachescope';
}

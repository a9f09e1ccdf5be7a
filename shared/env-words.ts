/**
 * Said wherever the default connection is shown or used while no variable named an address
 * (the first screen, the CLI's stderr): a dashboard of some localhost Redis must not pass for the app's.
 */
export const NO_VARIABLE_WORDS =
  'No REDIS_URL, REDIS_HOST/REDIS_PORT, REDIS_ADDR or REDIS_SENTINELS is set, so this is the built-in default, localhost:6379 — not necessarily your app\u2019s Redis.';

/** Whether the default's origin (`ProfileView.origin`, `AppInfo.defaultSource`) says no variable was set. */
export const fromNoVariable = (origin: string | undefined): boolean => origin === 'default localhost:6379';

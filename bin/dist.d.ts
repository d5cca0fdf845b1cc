// Types of bin/dist.js (plain JavaScript, so that bin/coca.js runs without a transpiler).
export const ROOT: string;
export const DIST: string;
export const HELP_TEXT: string;
/** Why `root`/dist may not run (stale or missing build, COCA_NO_DIST=1), or null when it may. */
export function distStaleReason(root?: string): string | null;

/*
 * The compiled CLI needs a TypeScript loader (tsx) only to import a `.ts` program; registering it
 * (its CommonJS hook and the ES module hooks' worker) costs more than a warm `validate` does in all.
 * bin/mcp-guard.js hands the registration over here, and the plan runs it before importing a program.
 */
let pending: (() => void) | undefined;

/** Keeps `register` until a program is imported. */
export function deferTypeScriptLoader(register: () => void): void {
  pending = register;
}

/** Runs the deferred registration once; a no-op where none was deferred (the CLI run through tsx, jest). */
export function registerTypeScriptLoader(): void {
  const register = pending;
  pending = undefined;
  register?.();
}

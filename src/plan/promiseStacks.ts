type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

interface DebuggableModule {
  debuggablePromise: DebuggablePromise;
}

function isDebuggableModule(value: unknown): value is DebuggableModule {
  return typeof value === "object" && value !== null && "debuggablePromise" in value && typeof value.debuggablePromise === "function";
}

/**
 * Pulumi's Node SDK keeps `new Error().stack` on every promise it makes (`debuggablePromise` in
 * sdk/nodejs/runtime/debuggable.ts), and reads it only to print leaked promises under
 * `PULUMI_DEBUG_PROMISE_LEAKS`. Formatting (and, under tsx, source-mapping) those stacks is a fifth of an
 * offline plan's CPU: thousands of promises per resource. The plan keeps Pulumi's leak tracking and drops
 * only the stack text, unless that variable asks for it. Upstream issue text: docs/upstream/pulumi-promise-stacks.md.
 * This reaches into an internal of @pulumi/pulumi 3.248.0 (pinned); test/promiseStacks.test.ts fails if it changes.
 *
 * Returns the function that puts Pulumi's own back, or undefined when there was nothing to replace.
 */
export function withoutPromiseStacks(): (() => void) | undefined {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return undefined;
  // Pulumi's modules call it as `debuggable_1.debuggablePromise(...)`, so replacing the export reaches every caller.
  // The module object itself, from the loader that loads the program's Pulumi (jest's in tests): an
  // `import * as` copy made by a transpiler (tsx's esbuild) holds only getters.
  const mod: unknown = module.require("@pulumi/pulumi/runtime/debuggable");
  if (!isDebuggableModule(mod)) return undefined;
  const pulumis = mod.debuggablePromise;
  mod.debuggablePromise = (p, ctx) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return pulumis(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  return () => {
    mod.debuggablePromise = pulumis;
  };
}

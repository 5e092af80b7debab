type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

interface DebuggableModule {
  debuggablePromise: DebuggablePromise;
}

function isDebuggableModule(value: unknown): value is DebuggableModule {
  return typeof value === "object" && value !== null && "debuggablePromise" in value && typeof value.debuggablePromise === "function";
}

interface LeakStore {
  leakCandidates: Set<Promise<unknown>>;
}

function isStateModule(value: unknown): value is { getStore: () => unknown } {
  return typeof value === "object" && value !== null && "getStore" in value && typeof value.getStore === "function";
}

function isLeakStore(value: unknown): value is LeakStore {
  return typeof value === "object" && value !== null && "leakCandidates" in value && value.leakCandidates instanceof Set;
}

/**
 * Pulumi's Node SDK keeps `new Error().stack` on every promise it makes (`debuggablePromise` in
 * sdk/nodejs/runtime/debuggable.ts), and reads it only to print leaked promises under
 * `PULUMI_DEBUG_PROMISE_LEAKS`. Formatting (and, under tsx, source-mapping) those stacks is a fifth of an
 * offline plan's CPU: thousands of promises per resource. The plan keeps Pulumi's leak tracking (the
 * store's candidate set, and the report at exit its first call schedules) and drops what only that
 * variable's report reads: the stack and the three properties Pulumi defines on each promise for it.
 * Upstream issue text: docs/upstream/pulumi-promise-stacks.md.
 * This reaches into internals of @pulumi/pulumi 3.248.0 (pinned): runtime/debuggable and the leak
 * candidates of runtime/state's store; test/promiseStacks.test.ts fails if they change.
 *
 * Returns the function that puts Pulumi's own back, or undefined when there was nothing to replace.
 */
export function withoutPromiseStacks(): (() => void) | undefined {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return undefined;
  // Pulumi's modules call it as `debuggable_1.debuggablePromise(...)`, so replacing the export reaches every caller.
  // The module objects themselves, from the loader that loads the program's Pulumi (jest's in tests): an
  // `import * as` copy made by a transpiler (tsx's esbuild) holds only getters.
  const mod: unknown = module.require("@pulumi/pulumi/runtime/debuggable");
  const state: unknown = module.require("@pulumi/pulumi/runtime/state");
  if (!isDebuggableModule(mod) || !isStateModule(state)) return undefined;
  const pulumis = mod.debuggablePromise;
  let reportScheduled = false;
  mod.debuggablePromise = <T>(p: Promise<T>, ctx: unknown): Promise<T> => {
    const store = state.getStore();
    if (!reportScheduled || !isLeakStore(store)) {
      // Pulumi's own function schedules the leak report; without a stack it costs what the rest do.
      reportScheduled = true;
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        return pulumis(p, ctx);
      } finally {
        Error.stackTraceLimit = limit;
      }
    }
    // What Pulumi's function does besides the debug properties, in the same two steps (so every
    // continuation runs on the same turn as before): a candidate until it settles.
    store.leakCandidates.add(p);
    return p
      .then((value) => {
        store.leakCandidates.delete(p);
        return value;
      })
      .catch((err: unknown) => {
        store.leakCandidates.delete(p);
        if (typeof err === "object" && err !== null) Object.assign(err, { promise: p });
        throw err;
      });
  };
  return () => {
    mod.debuggablePromise = pulumis;
  };
}

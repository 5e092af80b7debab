import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { withoutPromiseStacks } from "../src/plan/promiseStacks";

/*
 * withoutPromiseStacks reaches into @pulumi/pulumi's runtime/debuggable: these tests fail when an SDK
 * upgrade changes what it relies on (the export's name, that Pulumi's modules call it through the
 * module object, that it captures a stack per promise), so the workaround is revisited, not silently inert.
 */
type Tracked = Promise<unknown> & { _debugStackTrace?: string };
interface Debuggable {
  debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
}
// The module object itself, as the workaround patches it (an `import * as` copy would not see the patch).
const debuggable = module.require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
// Where Pulumi keeps the promises it reports as leaked at exit, which the replacement must keep filling.
const state = module.require("@pulumi/pulumi/runtime/state") as { getStore: () => { leakCandidates: Set<Promise<unknown>> } };
const candidates = () => state.getStore().leakCandidates;
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Registers a Key Vault secret under mocks and returns every promise Pulumi handed debuggablePromise meanwhile. */
async function promisesOfOneSecret(): Promise<Tracked[]> {
  const seen: Tracked[] = [];
  const inner = debuggable.debuggablePromise;
  debuggable.debuggablePromise = (p, ctx) => {
    const tracked = inner(p, ctx);
    seen.push(p);
    return tracked;
  };
  try {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "stacks", "test", true);
    await pulumi.runtime.runInPulumiStack(async () => {
      new keyvault.Secret("token", { resourceGroupName: "rg", vaultName: "kv", secretName: "token", properties: { value: "x" } });
      return {};
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    debuggable.debuggablePromise = inner;
  }
  return seen;
}

describe("per-promise debug stacks (a workaround for pulumi/pulumi's debuggablePromise)", () => {
  afterEach(() => delete process.env.PULUMI_DEBUG_PROMISE_LEAKS);

  it("Pulumi still keeps a formatted stack on every promise it registers a resource with (else the workaround is moot)", async () => {
    const seen = await promisesOfOneSecret();
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((p) => /\n\s+at /.test(p._debugStackTrace ?? ""))).toBe(true);
  });

  it("the offline plan's replacement reaches every caller, and they get no stack", async () => {
    const restore = withoutPromiseStacks();
    expect(restore).toBeDefined();
    try {
      const seen = await promisesOfOneSecret();
      expect(seen.length).toBeGreaterThan(10);
      expect(seen.filter((p) => /\n\s+at /.test(p._debugStackTrace ?? ""))).toEqual([]);
    } finally {
      restore?.();
    }
  });

  it("Pulumi's own function keeps each promise a leak candidate until it settles (what the replacement copies)", async () => {
    const pending = new Promise<never>(() => undefined);
    void debuggable.debuggablePromise(pending, "pending");
    const done = Promise.resolve(1);
    void debuggable.debuggablePromise(done, "done");
    expect(candidates().has(pending)).toBe(true);
    await settle();
    expect(candidates().has(done)).toBe(false);
    candidates().delete(pending);
  });

  it("the replacement keeps the leak candidates, values and rejections as Pulumi's does", async () => {
    const restore = withoutPromiseStacks();
    try {
      await debuggable.debuggablePromise(Promise.resolve(0), "first");
      const pending = new Promise<never>(() => undefined);
      void debuggable.debuggablePromise(pending, "pending");
      const done = Promise.resolve(7);
      expect(candidates().has(pending)).toBe(true);
      expect(candidates().has(done)).toBe(false);
      const tracked = debuggable.debuggablePromise(done, "done");
      expect(candidates().has(done)).toBe(true);
      await expect(tracked).resolves.toBe(7);
      const failure = new Error("refused");
      const failed = Promise.reject(failure);
      await expect(debuggable.debuggablePromise(failed, "failed")).rejects.toBe(failure);
      expect(failure).toHaveProperty("promise", failed);
      await settle();
      expect([candidates().has(pending), candidates().has(done), candidates().has(failed)]).toEqual([true, false, false]);
      expect(Object.getOwnPropertyNames(pending)).toEqual([]);
      candidates().delete(pending);
    } finally {
      restore?.();
    }
  });

  it("puts Pulumi's own function back", () => {
    const original = debuggable.debuggablePromise;
    withoutPromiseStacks()?.();
    expect(debuggable.debuggablePromise).toBe(original);
  });

  it("keeps the stacks when PULUMI_DEBUG_PROMISE_LEAKS asks for them, the only time Pulumi prints them", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    const original = debuggable.debuggablePromise;
    expect(withoutPromiseStacks()).toBeUndefined();
    expect(debuggable.debuggablePromise).toBe(original);
  });
});

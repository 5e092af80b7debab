import Module, { createRequire } from "node:module";

/**
 * Modules the CLI's dependencies load on import that a plan or `validate` never runs, loaded instead
 * the first time something reads them:
 * - `@pulumi/pulumi`'s Automation API (`index.js`: `exports.automation = require("./automation")`) and
 *   its closure serialiser (`runtime/index.js` re-exports `serializeFunction` and `computeCodePaths`,
 *   which pull in the whole TypeScript compiler): 556 of the 1,163 files an offline plan loaded;
 * - zod's translations of its messages into 40-odd languages (`v4/classic/external.cjs`:
 *   `exports.locales = __importStar(require("../locales/index.cjs"))`), half of zod's load time;
 *   its English messages, the ones mcp-guard shows, load from `locales/en.cjs` directly.
 * Checked against @pulumi/pulumi 3.248.0 and zod 4.6.7 by test/deferredModules.test.ts.
 */
export const DEFERRED_MODULES: readonly { file: string; functionsReadAtLoad: readonly string[] }[] = [
  { file: "@pulumi/pulumi/automation/index.js", functionsReadAtLoad: [] },
  { file: "@pulumi/pulumi/runtime/closure/serializeClosure.js", functionsReadAtLoad: ["serializeFunctionAsync", "serializeFunction"] },
  { file: "@pulumi/pulumi/runtime/closure/codePaths.js", functionsReadAtLoad: ["computeCodePaths"] },
  { file: "zod/v4/locales/index.cjs", functionsReadAtLoad: [] },
];

type Exports = Record<PropertyKey, unknown>;

/**
 * Exports standing in for a module until first use. Names its importer copies while loading
 * (`exports.x = mod.x`) get functions that load the module when called; any other read loads it.
 */
export function deferredExports(load: () => Exports, functionsReadAtLoad: readonly string[]): Exports {
  let real: Exports | undefined;
  const target = (): Exports => (real ??= load());
  return new Proxy<Exports>(
    {},
    {
      get: (_, key) => {
        // TypeScript's __importStar asks this before anything else; answering it must not load the module.
        if (key === "__esModule") return true;
        if (real === undefined && typeof key === "string" && functionsReadAtLoad.includes(key)) {
          return (...args: unknown[]): unknown => Reflect.apply(toFunction(target()[key], key), undefined, args);
        }
        return target()[key];
      },
      has: (_, key) => key in target(),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
}

function isExports(value: unknown): value is Exports {
  return typeof value === "object" && value !== null;
}

function toFunction(value: unknown, name: string): (...args: unknown[]) => unknown {
  if (typeof value !== "function") throw new TypeError(`deferred export ${name} is not a function`);
  return (...args) => Reflect.apply(value, undefined, args);
}

/**
 * Puts stand-ins for DEFERRED_MODULES in Node's module cache, so they load only when used. Call before
 * the first import of `@pulumi/pulumi` and zod, in a process that only plans or checks (the CLI): a real
 * `pulumi up` never runs this. Returns the files it deferred (those it could resolve from `fromDir`).
 */
export function deferUnusedModules(fromDir: string): string[] {
  const req = createRequire(`${fromDir}/`);
  const deferred: string[] = [];
  for (const { file, functionsReadAtLoad } of DEFERRED_MODULES) {
    let filename: string;
    try {
      filename = req.resolve(file);
    } catch {
      continue;
    }
    if (req.cache[filename]) continue;
    const load = (): Exports => {
      delete req.cache[filename];
      const loaded: unknown = req(filename);
      if (!isExports(loaded)) throw new TypeError(`${file} did not export an object`);
      return loaded;
    };
    const stub = new Module(filename);
    stub.filename = filename;
    stub.loaded = true;
    stub.exports = deferredExports(load, functionsReadAtLoad);
    req.cache[filename] = stub;
    deferred.push(filename);
  }
  return deferred;
}

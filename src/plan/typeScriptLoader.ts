import * as fs from "node:fs";
import * as path from "node:path";

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

/** How Node loads one CommonJS file: an entry of `require.extensions`. */
export type FileLoader = (module: NodeJS.Module, filename: string) => unknown;

/** True when the manifest says `"type": "module"`, or does not parse (then tsx reports it, as it would without keepTsxToPrograms). */
function moduleManifest(file: string): boolean {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return typeof parsed !== "object" || parsed === null || ("type" in parsed && parsed.type === "module");
  } catch {
    return true;
  }
}

/** A native `import(` in a file's text; esbuild keeps it in the CommonJS tsx compiles a file to. */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

/**
 * Hands the packages' CommonJS files back to Node's own loader once tsx has taken `.js` over, and
 * registers tsx's ES module hooks only for a program that needs them.
 *
 * tsx 4.21's CommonJS hook (dist/register-*.cjs, `createExtensions`) replaces Node's `.js` loader and
 * reads every file again to scan it for `import`/`export` with es-module-lexer, whose WebAssembly build
 * is not ready before a program's first imports, so it runs the asm.js build over all of azure-native's
 * files: 80 ms of the prod plan, for nothing, since a file Node would load as CommonJS stays as it is.
 * Files under node_modules or `compiledDirs` whose nearest package.json does not say `"type": "module"`
 * are Node's; everything else (the program's own files, ES module packages) still goes through tsx.
 *
 * The plan `require`s the program, so tsx's CommonJS hook loads it and everything it imports statically.
 * Its ES module hooks (`tsx/esm/api` `register`) matter only to a native `import()` of a TypeScript file,
 * and they run in a worker whose start holds the main thread for a seventh of a plan. `registerEsmHooks`
 * runs once, just before the first file through tsx whose text holds `import(` runs: before its import can.
 */
export function keepTsxToPrograms(nodeJs: FileLoader, compiledDirs: string[], registerEsmHooks: () => void): void {
  let pendingEsmHooks: (() => void) | undefined = registerEsmHooks;
  const viaTsx = (tsxLoader: FileLoader): FileLoader =>
    function loadWithTsx(this: unknown, module: NodeJS.Module, filename: string) {
      if (pendingEsmHooks !== undefined && DYNAMIC_IMPORT.test(fs.readFileSync(filename, "utf8"))) {
        const register = pendingEsmHooks;
        pendingEsmHooks = undefined;
        register();
      }
      return tsxLoader.call(this, module, filename);
    };
  for (const [ext, loader] of Object.entries(require.extensions)) {
    if (loader !== undefined && ext !== ".js" && ext !== ".json" && ext !== ".node") require.extensions[ext] = viaTsx(loader);
  }
  const tsxJs = viaTsx(require.extensions[".js"]);
  const scopes = new Map<string, boolean>();
  const inModuleScope = (dir: string): boolean => {
    let module = scopes.get(dir);
    if (module === undefined) {
      const manifest = path.join(dir, "package.json");
      const parent = path.dirname(dir);
      module = fs.existsSync(manifest) ? moduleManifest(manifest) : parent !== dir && inModuleScope(parent);
      scopes.set(dir, module);
    }
    return module;
  };
  const nodes = (filename: string) =>
    (filename.includes(`${path.sep}node_modules${path.sep}`) || compiledDirs.some((d) => filename.startsWith(d + path.sep))) && !inModuleScope(path.dirname(filename));
  require.extensions[".js"] = function loadJs(this: unknown, module: NodeJS.Module, filename: string) {
    return (nodes(filename) ? nodeJs : tsxJs).call(this, module, filename);
  };
}

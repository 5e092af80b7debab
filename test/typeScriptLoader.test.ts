import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { deferTypeScriptLoader, registerTypeScriptLoader } from "../src/plan/typeScriptLoader";
import { ROOT } from "./helpers";

describe("the deferred TypeScript loader", () => {
  test("registers once, on the first program import, and not before", () => {
    const register = jest.fn();
    deferTypeScriptLoader(register);
    expect(register).not.toHaveBeenCalled();
    registerTypeScriptLoader();
    registerTypeScriptLoader();
    expect(register).toHaveBeenCalledTimes(1);
  });

  test("is a no-op where nothing was deferred (the CLI run through tsx, jest)", () => {
    expect(() => registerTypeScriptLoader()).not.toThrow();
  });
});

/*
 * keepTsxToPrograms wraps the `.js` loader tsx 4.21 installs. Node's own loaders are what it changes
 * (jest has its own), so each case runs one fresh Node process with tsx's debug log on, which names
 * every file tsx loads itself.
 */
describe("keeping tsx to the program's own files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-tsx-scope-"));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write("node_modules/cjs-pkg/package.json", JSON.stringify({ name: "cjs-pkg", main: "index.js" }));
  write("node_modules/cjs-pkg/index.js", "exports.value = 'cjs';\n");
  // An ES module package: Node 20 cannot require() it, tsx can.
  write("node_modules/esm-pkg/package.json", JSON.stringify({ name: "esm-pkg", type: "module", main: "index.js" }));
  write("node_modules/esm-pkg/index.js", "export const value = 'esm';\n");
  write("compiled/lib.js", "exports.value = 'compiled';\n");
  write("program.ts", "const n: number = 1;\nexport const value = `program ${n}`;\n");
  // A native import() of a TypeScript file, which only tsx's ES module hooks resolve and load.
  write("importing.ts", "export const value = import(\"./imported\").then((m) => m.value);\n");
  write("imported.ts", "const n: number = 2;\nexport const value = `imported ${n}`;\n");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (scoped: boolean, modules = ["cjs-pkg", "esm-pkg", "./compiled/lib.js", "./program.ts"]) => {
    const probe = `
      const nodeJs = require("node:module")._extensions[".js"];
      require("tsx/cjs");
      const registerEsmHooks = () => { process.stderr.write("ESM HOOKS\\n"); require("tsx/esm/api").register(); };
      ${scoped ? `require(${JSON.stringify(path.join(ROOT, "src/plan/typeScriptLoader.ts"))}).keepTsxToPrograms(nodeJs, [${JSON.stringify(path.join(dir, "compiled"))}], registerEsmHooks);` : ""}
      Promise.all(${JSON.stringify(modules)}.map((m) => require(require.resolve(m, { paths: [${JSON.stringify(dir)}] })).value)).then(
        (values) => process.stderr.write("VALUES " + JSON.stringify(values) + "\\n"),
        (err) => process.stderr.write("FAILED " + err.message + "\\n"),
      );
    `;
    const r = spawnSync(process.execPath, ["-e", probe], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TSX_DEBUG: "2" } });
    if (r.status !== 0) throw new Error(r.stderr);
    // The log colours its values whatever the terminal, and breaks long entries over lines.
    const log = stripVTControlCharacters(r.stdout);
    const loadedByTsx = new Set([...log.matchAll(/ load \{\s*filePath: '([^']+)'/g)].map((m) => m[1]));
    const byTsx = (file: string) => loadedByTsx.has(path.join(dir, file));
    return { values: JSON.parse(/VALUES (.*)/.exec(r.stderr)?.[1] ?? "null"), failed: /FAILED (.*)/.exec(r.stderr)?.[1], esmHooks: r.stderr.split("ESM HOOKS").length - 1, byTsx };
  };

  it("tsx 4.21 loads every .js file itself once registered (what keepTsxToPrograms undoes)", () => {
    const { values, byTsx } = run(false);
    expect(values).toEqual(["cjs", "esm", "compiled", "program 1"]);
    expect([byTsx("node_modules/cjs-pkg/index.js"), byTsx("compiled/lib.js"), byTsx("node_modules/esm-pkg/index.js"), byTsx("program.ts")]).toEqual([true, true, true, true]);
  });

  it("hands CommonJS package and compiled files to Node, and keeps ES module packages and the program with tsx", () => {
    const { values, byTsx } = run(true);
    expect(values).toEqual(["cjs", "esm", "compiled", "program 1"]);
    expect([byTsx("node_modules/cjs-pkg/index.js"), byTsx("compiled/lib.js"), byTsx("node_modules/esm-pkg/index.js"), byTsx("program.ts")]).toEqual([false, false, true, true]);
  });

  it("registers the ES module hooks only for a program that imports natively, before its import runs", () => {
    expect(run(true)).toEqual(expect.objectContaining({ values: ["cjs", "esm", "compiled", "program 1"], esmHooks: 0 }));
    expect(run(true, ["./program.ts", "./importing.ts"])).toEqual(expect.objectContaining({ values: ["program 1", "imported 2"], esmHooks: 1 }));
  });

  it("a native import() of a TypeScript file fails without tsx's ES module hooks (why they are registered for it)", () => {
    const { failed } = run(false, ["./importing.ts"]);
    expect(failed).toMatch(/Cannot find module|Unknown file extension/);
  });
});

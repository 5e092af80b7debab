import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./helpers";

/*
 * deferUnusedModules relies on @pulumi/pulumi's and zod's file layout and on what their entries read from these
 * modules while loading. Node's own module cache is what it changes (jest has its own), so this runs
 * one fresh Node process and reports what it saw.
 */
const probe = `
const { deferUnusedModules } = require(${JSON.stringify(path.join(ROOT, "src/plan/deferredModules.ts"))});
const deferred = deferUnusedModules(${JSON.stringify(ROOT)});
const pulumi = require("@pulumi/pulumi");
const { z } = require("zod");
const loaded = () => Object.keys(require.cache).filter((f) => f.includes("node_modules"));
const afterImport = loaded();
// The stand-in sits in the module cache under the deferred file's name; only the others ran.
const localesAtImport = afterImport.filter((f) => f.includes("/zod/v4/locales/") && !deferred.includes(f)).map((f) => f.slice(f.indexOf("locales/")));
const englishMessage = z.string().safeParse(1).error.issues[0].message;
const report = {
  deferred: deferred.map((f) => f.slice(f.indexOf("node_modules/") + "node_modules/".length)),
  localesAtImport,
  englishMessage,
  germanLocale: typeof z.locales.de,
  localesLoadedOnUse: loaded().filter((f) => f.includes("/zod/v4/locales/")).length > 10,
  typescriptAtImport: afterImport.some((f) => f.endsWith("typescript/lib/typescript.js")),
  automationFilesAtImport: afterImport.filter((f) => f.includes("@pulumi/pulumi/automation/")).length,
  filesAtImport: afterImport.length,
  localWorkspace: typeof pulumi.automation.LocalWorkspace,
  automationLoadedOnUse: loaded().filter((f) => f.includes("@pulumi/pulumi/automation/")).length > 1,
  serialized: null,
};
pulumi.runtime.serializeFunction(() => 42).then((s) => {
  report.serialized = typeof s.text === "string" && s.text.includes("42");
  report.typescriptOnUse = loaded().some((f) => f.endsWith("typescript/lib/typescript.js"));
  process.stdout.write(JSON.stringify(report));
});
`;

describe("deferring @pulumi/pulumi's automation and closure modules and zod's translations (the offline CLI)", () => {
  let report: Record<string, unknown>;
  beforeAll(() => {
    const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", probe], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    report = JSON.parse(r.stdout);
  }, 60000);

  it("finds every module it defers where @pulumi/pulumi and zod keep it", () => {
    expect(report.deferred).toEqual(["@pulumi/pulumi/automation/index.js", "@pulumi/pulumi/runtime/closure/serializeClosure.js", "@pulumi/pulumi/runtime/closure/codePaths.js", "zod/v4/locales/index.cjs"]);
  });

  it("importing zod then loads its English messages only, and they are the messages it gives", () => {
    expect(report).toMatchObject({ localesAtImport: ["locales/en.cjs"], englishMessage: "Invalid input: expected string, received number" });
  });

  it("importing @pulumi/pulumi then loads neither the Automation API nor the TypeScript compiler", () => {
    expect(report).toMatchObject({ typescriptAtImport: false, automationFilesAtImport: 1 });
    expect(report.filesAtImport).toBeLessThan(400);
  });

  it("each still works the first time it is used", () => {
    expect(report).toMatchObject({ localWorkspace: "function", automationLoadedOnUse: true, serialized: true, typescriptOnUse: true, germanLocale: "function", localesLoadedOnUse: true });
  });
});

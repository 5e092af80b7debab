import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./helpers";

/*
 * deferPulumiModules relies on @pulumi/pulumi's file layout and on what its entry reads from these
 * modules while loading. Node's own module cache is what it changes (jest has its own), so this runs
 * one fresh Node process and reports what it saw.
 */
const probe = `
const { deferPulumiModules } = require(${JSON.stringify(path.join(ROOT, "src/plan/deferredModules.ts"))});
const deferred = deferPulumiModules(${JSON.stringify(ROOT)});
const pulumi = require("@pulumi/pulumi");
const loaded = () => Object.keys(require.cache).filter((f) => f.includes("node_modules"));
const afterImport = loaded();
const report = {
  deferred: deferred.map((f) => f.slice(f.indexOf("@pulumi/"))),
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

describe("deferring @pulumi/pulumi's automation and closure modules (the offline CLI)", () => {
  let report: Record<string, unknown>;
  beforeAll(() => {
    const r = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", probe], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    report = JSON.parse(r.stdout);
  }, 60000);

  it("finds every module it defers where @pulumi/pulumi keeps it", () => {
    expect(report.deferred).toEqual(["@pulumi/pulumi/automation/index.js", "@pulumi/pulumi/runtime/closure/serializeClosure.js", "@pulumi/pulumi/runtime/closure/codePaths.js"]);
  });

  it("importing @pulumi/pulumi then loads neither the Automation API nor the TypeScript compiler", () => {
    expect(report).toMatchObject({ typescriptAtImport: false, automationFilesAtImport: 1 });
    expect(report.filesAtImport).toBeLessThan(400);
  });

  it("each still works the first time it is used", () => {
    expect(report).toMatchObject({ localWorkspace: "function", automationLoadedOnUse: true, serialized: true, typescriptOnUse: true });
  });
});

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runPlan } from "../src/plan/offlinePlan";
import { ofType, one, ROOT } from "./helpers";

const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
const EXAMPLE = path.join(ROOT, "examples/consumer-stack");
/*
 * The build goes to a directory of its own inside the checkout (so its imports still resolve from
 * node_modules), never to dist/: the CLI runs dist/ when it is current, and other test files run the
 * CLI while this one builds.
 */
const BUILD = fs.mkdtempSync(path.join(ROOT, "node_modules", ".cache-consumer-build-"));
const DIST = path.join(BUILD, "dist");

describe("reuse from another stack", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.build.json"), "--outDir", DIST], { cwd: ROOT, stdio: "pipe" });
    // The example's own tsconfig, pointed at this build instead of dist/.
    fs.writeFileSync(
      path.join(BUILD, "tsconfig.json"),
      JSON.stringify({ extends: path.join(EXAMPLE, "tsconfig.json"), compilerOptions: { baseUrl: EXAMPLE, paths: { "mcp-guard": [path.join(DIST, "src/index.d.ts")] } }, files: [path.join(EXAMPLE, "index.ts")] }),
    );
  }, 120_000);
  afterAll(() => fs.rmSync(BUILD, { recursive: true, force: true }));

  it("the build's entry point imports without registering a resource or starting a server", () => {
    const out = execFileSync(process.execPath, ["-e", `const m = require(${JSON.stringify(path.join(DIST, "src/index.js"))}); console.log(['McpSecretsVault','McpAuditLogs','McpSavedQueries','McpAlerts','McpGatewayHost','McpGovernanceBaseline'].every((k) => typeof m[k] === 'function'), m.ALL_RULES.length > 0)`], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(out.trim()).toBe("true true");
  });

  it("the consumer example type-checks against the built declarations", () => {
    expect(() => execFileSync(process.execPath, [tsc, "-p", path.join(BUILD, "tsconfig.json")], { cwd: EXAMPLE, stdio: "pipe" })).not.toThrow();
  }, 120_000);

  it("the consumer example plans offline: two components in its own resource group and VNet", async () => {
    const plan = await runPlan({ projectDir: EXAMPLE, stack: "test" });
    expect(one(plan, "azure-native:keyvault:Vault").inputs.resourceGroupName).toBe("rg-team-a-platform");
    expect(one(plan, "azure-native:network:PrivateEndpoint").inputs.subnet).toEqual(expect.objectContaining({ id: expect.stringContaining("/virtualNetworks/vnet-team-a/subnets/snet-endpoints") }));
    expect(ofType(plan, "azure-native:network:VirtualNetwork")).toEqual([]);
    expect(plan.violations.filter((v) => v.enforcement === "mandatory" && v.exception === undefined)).toEqual([]);
    expect(plan.outputs).toEqual(expect.objectContaining({ vaultUri: "https://kv-team-a-mcp-7c31.vault.azure.net/" }));
  });
});

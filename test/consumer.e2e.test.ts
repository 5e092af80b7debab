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
 * CLI while this one builds. With bin/ beside it and no src/, the build is also the package as npm
 * installs it, the one place a test runs the CLI compiled.
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

  it("the compiled CLI plans a program that imports a .ts file natively: tsx's ES module hooks come when a file needs them", () => {
    // The build laid out as an installed package: bin/, dist/ and no src/, so the CLI can only run compiled.
    fs.mkdirSync(path.join(BUILD, "bin"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "bin/mcp-guard.js"), path.join(BUILD, "bin/mcp-guard.js"));
    fs.copyFileSync(path.join(ROOT, "package.json"), path.join(BUILD, "package.json"));
    const project = path.join(BUILD, "importing-project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: importing\nruntime: nodejs\n");
    fs.writeFileSync(path.join(project, "Pulumi.dev.yaml"), "config: {}\n");
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "importing", main: "index.ts" }));
    fs.writeFileSync(path.join(project, "other.ts"), "export const n: number = 3;\n");
    fs.writeFileSync(
      path.join(project, "index.ts"),
      'import * as pulumi from "@pulumi/pulumi";\nexport = async () => {\n  const { n } = await import("./other");\n  new pulumi.ComponentResource("test:index:Imported", `imported-${n}`);\n  return {};\n};\n',
    );
    const out = execFileSync(process.execPath, [path.join(BUILD, "bin/mcp-guard.js"), "plan", "--stack", "dev", "--cwd", project, "--json"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    const steps: { urn: string }[] = JSON.parse(out).steps;
    expect(steps.map((s) => s.urn)).toContain("urn:pulumi:dev::importing::test:index:Imported::imported-3");
  });

  it("the consumer example plans offline: two components in its own resource group and VNet", async () => {
    const plan = await runPlan({ projectDir: EXAMPLE, stack: "test" });
    expect(one(plan, "azure-native:keyvault:Vault").inputs.resourceGroupName).toBe("rg-team-a-platform");
    expect(one(plan, "azure-native:network:PrivateEndpoint").inputs.subnet).toEqual(expect.objectContaining({ id: expect.stringContaining("/virtualNetworks/vnet-team-a/subnets/snet-endpoints") }));
    expect(ofType(plan, "azure-native:network:VirtualNetwork")).toEqual([]);
    expect(plan.violations.filter((v) => v.enforcement === "mandatory" && v.exception === undefined)).toEqual([]);
    expect(plan.outputs).toEqual(expect.objectContaining({ vaultUri: "https://kv-team-a-mcp-7c31.vault.azure.net/" }));
  });
});

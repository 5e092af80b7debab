import * as fs from "node:fs";
import * as path from "node:path";
import { importFile } from "../src/plan/importFile";
import { Plan } from "../src/plan/offlinePlan";
import { ofType, planStack, ROOT, runCli } from "./helpers";

const SUB = "/subscriptions/11111111-2222-3333-4444-555555555555";

describe("adopting an existing vault and workspace (docs/import.md)", () => {
  let prod: Plan;
  beforeAll(async () => {
    prod = await planStack("prod");
  });
  const vaultId = () => `${SUB}/resourceGroups/${String(ofType(prod, "azure-native:keyvault:Vault")[0].inputs.resourceGroupName)}/providers/Microsoft.KeyVault/vaults/${String(ofType(prod, "azure-native:keyvault:Vault")[0].inputs.vaultName)}`;
  const workspaceId = () => `${SUB}/resourceGroups/${String(ofType(prod, "azure-native:operationalinsights:Workspace")[0].inputs.resourceGroupName)}/providers/Microsoft.OperationalInsights/workspaces/${String(ofType(prod, "azure-native:operationalinsights:Workspace")[0].inputs.workspaceName)}`;

  it("puts each resource under the component parents the program registers it with, protected as in the plan", () => {
    const doc = importFile(prod.digest, { "secrets-vault": vaultId(), "audit-workspace": workspaceId() });
    expect(doc.resources).toEqual([
      { type: "mcp-guard:index:McpGovernanceBaseline", name: "mcp-guard", component: true },
      { type: "mcp-guard:index:McpSecretsVault", name: "secrets", component: true, parent: "mcp-guard" },
      { type: "azure-native:keyvault:Vault", name: "secrets-vault", id: vaultId(), parent: "secrets", protect: true },
      { type: "mcp-guard:index:McpAuditLogs", name: "audit", component: true, parent: "mcp-guard" },
      { type: "azure-native:operationalinsights:Workspace", name: "audit-workspace", id: workspaceId(), parent: "audit", protect: true },
    ]);
    // The URN the import creates is the one the program registers: same type chain, same name.
    const vault = ofType(prod, "azure-native:keyvault:Vault")[0];
    expect(vault.urn).toMatch(/::mcp-guard:index:McpGovernanceBaseline\$mcp-guard:index:McpSecretsVault\$azure-native:keyvault:Vault::secrets-vault$/);
  });

  it("refuses an id that is not the resource the stack config names, with the setting to change", () => {
    expect(() => importFile(prod.digest, { "secrets-vault": `${SUB}/resourceGroups/rg-other/providers/Microsoft.KeyVault/vaults/kv-legacy` })).toThrow(
      /^--id secrets-vault: ".*kv-legacy" is not the resource the stack config names \(\/subscriptions\/<subscription>\/resourceGroups\/.*\/vaults\/kv-.*\); set the name in the stack config \(keyVaultName, logAnalyticsWorkspaceName, resourceGroupName\) or pass that resource's id$/,
    );
    expect(() => importFile(prod.digest, { vault: vaultId() })).toThrow(/^--id vault: the plan has no resource named vault; allowed e\.g\. .*secrets-vault/);
  });

  it("is what `mcp-guard import-file` prints, and the guide's commands use the CLI's flags", async () => {
    const { code, out } = await runCli("import-file", "--stack", "prod", "--cwd", ROOT, "--id", `secrets-vault=${vaultId()}`);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(importFile(prod.digest, { "secrets-vault": vaultId() }));
    expect((await runCli("import-file", "--stack", "prod", "--cwd", ROOT, "--id", "secrets-vault")).code).toBe(2);
    const guide = fs.readFileSync(path.join(ROOT, "docs/import.md"), "utf8");
    expect(guide).toContain("npx mcp-guard import-file --stack prod");
    expect(guide).toContain("--id secrets-vault=/subscriptions/");
    expect(guide).toContain("--id audit-workspace=/subscriptions/");
    expect(guide).toContain("pulumi import --file import.json --generate-code=false");
  });
});

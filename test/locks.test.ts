import * as fs from "node:fs";
import * as path from "node:path";
import { diffDigests } from "../src/plan/diff";
import { Plan, runPlan } from "../src/plan/offlinePlan";
import { stackConfigFromMap } from "../src/plan/projectFiles";
import { renderDiffText } from "../src/plan/renderDiff";
import { PROJECT, ROOT, ofType, planMap, planStack, stackMap } from "./helpers";

const LOCK = "azure-native:authorization:ManagementLockByScope";
const RULE = "azure-native:monitor:ScheduledQueryRule";

describe("prod's locks and the changes they would block", () => {
  let prod: Plan;
  beforeAll(async () => {
    prod = await planStack("prod");
  });

  it("renaming an alert in prod is deployable: one rule created, one deleted, no role assignment under a lock touched", async () => {
    const renamed = await runPlan({ projectDir: path.join(ROOT, "test/fixtures/alert-rename"), stack: "prod", config: stackConfigFromMap(PROJECT, stackMap("prod")) });
    const d = diffDigests(prod.digest, renamed.digest);
    expect(d.changes.map((c) => [c.kind, c.type, c.name])).toEqual([
      ["create", RULE, "alerts-alert-mcp-denied-burst"],
      ["delete", RULE, "alerts-alert-mcp-denied-spike"],
    ]);
    expect(d.changes.filter((c) => c.lockedBy)).toEqual([]);
    const text = renderDiffText(d, "mcp-guard diff: prod");
    expect(text).toContain("1 to create, 0 to update, 0 to replace, 1 to delete");
    expect(text).not.toContain("LOCKED");
    // The rules share one identity whose single grant on the workspace stays as it is.
    const readers = ofType(renamed, "azure-native:authorization:RoleAssignment").filter((r) => String(r.inputs.roleDefinitionId).endsWith("73c42c96-874c-492b-b04d-ab87d138a893"));
    expect(readers).toHaveLength(1);
  });

  it("a change that must delete under a lock (a new operators group) says to lift the lock first, with the command", async () => {
    const head = await planMap({ ...stackMap("prod"), "mcp-guard:keyVaultOperatorsGroupId": "0b7c4d2e-5f6a-4b8c-9d1e-2f3a4b5c6d7e" }, "prod");
    const d = diffDigests(prod.digest, head.digest);
    const officer = d.changes.find((c) => c.name === "secrets-operators-secrets-officer");
    expect(officer?.kind).toBe("replace");
    expect(officer?.lockedBy).toEqual({ lockName: "secrets-lock", level: "CanNotDelete", scope: expect.stringMatching(/\/providers\/Microsoft\.KeyVault\/vaults\/kv-cursor-secrets-p[0-9a-f]{4}$/) });
    const text = renderDiffText(d, "mcp-guard diff: prod");
    expect(text).toMatch(
      /!! LOCKED: replacing secrets-operators-secrets-officer \(azure-native:authorization:RoleAssignment\) deletes it under the CanNotDelete lock secrets-lock, which Azure refuses \(ScopeLocked\)\. Lift the lock first: az lock delete --ids "\/subscriptions\/[^"]+\/vaults\/kv-cursor-secrets-p[0-9a-f]{4}\/providers\/Microsoft\.Authorization\/locks\/secrets-lock", then pulumi up, then pulumi up --refresh to put the lock back/,
    );
  });

  it("dev and staging have no locks, so nothing there waits for one", async () => {
    for (const stack of ["dev", "staging"]) expect(ofType(await planStack(stack), LOCK)).toEqual([]);
  });
});

describe("deleting a catalog secret", () => {
  // A secret no server in servers/ names: one a server needs cannot leave the catalog while it is enabled (REG-13).
  const JIRA = { name: "jira-mcp-token", contentType: "bearer-token", owner: "platform-team", rotationDays: 30, expires: "2026-12-20" };
  const withJira = (stack: string, extra: Record<string, unknown> = {}) => ({ ...stackMap(stack), "mcp-guard:secrets": [...(stackMap(stack)["mcp-guard:secrets"] as unknown[]), { ...JIRA, ...extra }] });

  it("warns that a private vault refuses the data-plane delete, with the two paths that work", async () => {
    const d = diffDigests((await planMap(withJira("staging"), "staging")).digest, (await planStack("staging")).digest);
    const secret = d.changes.find((c) => c.type === "azure-native:keyvault:Secret");
    expect(secret).toEqual(expect.objectContaining({ kind: "delete", name: "secrets-secret-jira-mcp-token", privateVault: expect.stringMatching(/^kv-cursor-secrets-s[0-9a-f]{4}$/) }));
    const text = renderDiffText(d, "mcp-guard diff: staging");
    expect(text).toMatch(/!! PRIVATE VAULT: deleting secrets-secret-jira-mcp-token deletes the secret through the data plane of kv-cursor-secrets-s[0-9a-f]{4}, which refuses public networks: run pulumi up from inside the VNet .*set enabled: false on its catalog entry/);
  });

  it("says nothing of the kind for a dev vault whose allow-list reaches it", async () => {
    const reachable = { "mcp-guard:keyVaultAllowedIpRanges": ["20.42.0.0/24"] };
    const d = diffDigests((await planMap({ ...withJira("dev"), ...reachable }, "dev")).digest, (await planMap({ ...stackMap("dev"), ...reachable }, "dev")).digest);
    expect(d.changes.find((c) => c.type === "azure-native:keyvault:Secret")).toEqual(expect.objectContaining({ kind: "delete", name: "secrets-secret-jira-mcp-token" }));
    expect(d.changes.find((c) => c.type === "azure-native:keyvault:Secret")?.privateVault).toBeUndefined();
    expect(renderDiffText(d, "dev")).not.toContain("PRIVATE VAULT");
  });

  it("retires a secret through ARM instead: enabled false, allowed past its expiry, no longer offered to the gateway", async () => {
    const plan = await planMap(withJira("staging", { enabled: false, expires: "2026-11-20" }), "staging");
    const jira = ofType(plan, "azure-native:keyvault:Secret").find((s) => s.inputs.secretName === "jira-mcp-token");
    expect((jira?.inputs.properties as { attributes: unknown }).attributes).toEqual({ enabled: false, expires: Math.floor(Date.parse("2026-11-20T00:00:00Z") / 1000) });
    expect(Object.keys(plan.outputs.secretUris as Record<string, string>).sort()).toEqual(["ado-mcp-token", "analytics-db-readonly", "github-mcp-token", "mcp-gateway-bearer-token"]);
  });
});

describe("the README's account of prod's protection", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8").replace(/\s+/g, " ");

  it("locks exactly what the README says: the vault, the workspace and the two action groups; protects the group, vault, workspace and table", async () => {
    const prod = await planStack("prod");
    const lockedTypes = ofType(prod, LOCK).map((l) => String(l.inputs.scope).split("/providers/").pop()?.split("/")[1]).sort();
    expect(lockedTypes).toEqual(["actionGroups", "actionGroups", "vaults", "workspaces"]);
    expect(ofType(prod, LOCK).every((l) => l.inputs.level === "CanNotDelete")).toBe(true);
    const protectedTypes = prod.digest.steps.flatMap((s) => (s.newState?.protect ? [s.newState.type] : [])).sort();
    expect(protectedTypes).toEqual(["azure-native:keyvault:Vault", "azure-native:operationalinsights:Table", "azure-native:operationalinsights:Workspace", "azure-native:resources:ResourceGroup"]);
    expect(readme).toContain("prod adds `protect` on what holds data (the resource group, the vault, the workspace and the audit table), CanNotDelete locks on the vault, the workspace and the two action groups (not on the resource group");
    expect(readme).not.toMatch(/lock on what holds data \(the resource group/);
  });
});

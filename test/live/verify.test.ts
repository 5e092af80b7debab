import { LiveContext } from "../../src/live/context";
import { plannedLive } from "../../src/live/estate";
import { Violation } from "../../src/policy/types";
import { verifyCommand, verifyStack } from "../../src/live/verify";
import { Plan } from "../../src/plan/offlinePlan";
import { planStack, ROOT } from "../helpers";
import { FakeArm, fakeArm, TOKEN } from "./fakeArm";

const NOW = new Date("2026-12-01T08:00:00Z");
const ctx = (arm: FakeArm, plan: Plan): LiveContext => ({ connection: arm.connection, plan: async () => plan, now: NOW });

describe.each(["dev", "staging", "prod"])("verify %s against the estate its plan deploys", (stack) => {
  let plan: Plan;
  let arm: FakeArm;
  beforeAll(async () => {
    plan = await planStack(stack);
  });
  beforeEach(async () => {
    arm = await fakeArm(plan.digest);
  });
  afterEach(() => arm.close());

  it("a clean estate: no drift, the plan's own violations, exit 0", async () => {
    const report = await verifyStack(ctx(arm, plan), { stack, cwd: ROOT });
    expect(report.drift.changes).toEqual([]);
    // The same rules give the same answer on the deployed resources as on the plan.
    const read = new Set(plannedLive(plan.digest).map((s) => s.urn));
    const line = (v: Violation) => `${v.ruleId} ${v.urn} ${v.message} ${v.exception ?? ""}`;
    expect(report.violations.map(line)).toEqual(plan.violations.filter((v) => read.has(v.urn)).map(line));
    const out: string[] = [];
    expect(await verifyCommand(ctx(arm, plan), { stack, cwd: ROOT, format: "text" }, (t) => out.push(t))).toBe(0);
    expect(out.join("")).toContain("No changes.");
    expect(arm.received.every((r) => r.method === "GET")).toBe(true);
    expect(arm.received.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });
});

describe("verify on staging after portal edits: each one drift, who did it, and the violation it causes", () => {
  let plan: Plan;
  let arm: FakeArm;
  beforeAll(async () => {
    plan = await planStack("staging");
  });
  beforeEach(async () => {
    arm = await fakeArm(plan.digest);
  });
  afterEach(() => arm.close());

  const props = (idEnd: string) => arm.body(idEnd).properties as Record<string, unknown>;
  const run = async () => {
    const report = await verifyStack(ctx(arm, plan), { stack: "staging", cwd: ROOT });
    const out: string[] = [];
    const code = await verifyCommand(ctx(arm, plan), { stack: "staging", cwd: ROOT, format: "text" }, (t) => out.push(t));
    return { report, code, text: out.join("") };
  };
  const drifted = (report: Awaited<ReturnType<typeof verifyStack>>) => report.drift.changes.map((c) => [c.kind, c.name, c.properties.map((p) => `${p.path}: ${JSON.stringify(p.before)} => ${JSON.stringify(p.after)}`)]);

  it("a vault with public network access turned back on: drift, KV-05, and who changed it from the activity log", async () => {
    props("/vaults/kv-cursor-secrets-sbc12").publicNetworkAccess = "Enabled";
    const vaultId = String(arm.body("/vaults/kv-cursor-secrets-sbc12").id);
    arm.activity.push(
      { resourceId: vaultId, caller: "deployer@contoso.com", eventTimestamp: "2026-11-02T09:00:00.0000000Z", operation: "Microsoft.KeyVault/vaults/write" },
      { resourceId: vaultId, caller: "jane.admin@contoso.com", eventTimestamp: "2026-11-28T16:42:10.1234567Z", operation: "Microsoft.KeyVault/vaults/write" },
    );
    const { report, code, text } = await run();
    expect(drifted(report)).toEqual([["update", "secrets-vault", ['properties.publicNetworkAccess: "Disabled" => "Enabled"']]]);
    expect(report.violations.filter((v) => v.ruleId === "KV-05").map((v) => v.message)).toEqual([expect.stringContaining('publicNetworkAccess is "Enabled"')]);
    expect(report.changedBy).toEqual([expect.objectContaining({ name: "secrets-vault", lastChange: { caller: "jane.admin@contoso.com", at: "2026-11-28T16:42:10.1234567Z", operation: "Microsoft.KeyVault/vaults/write" } })]);
    expect(code).toBe(1);
    expect(text).toContain("secrets-vault: jane.admin@contoso.com at 2026-11-28T16:42:10.1234567Z (Microsoft.KeyVault/vaults/write)");
    expect(text).toContain('properties.publicNetworkAccess: "Disabled" => "Enabled"');
    const log = arm.received.find((r) => r.path.endsWith("/eventtypes/management/values"));
    expect(log?.apiVersion).toBe("2015-04-01");
  });

  it("a disabled alert: drift and SQR-09", async () => {
    props("/scheduledqueryrules/alert-mcp-denied-spike").enabled = false;
    const { report, code } = await run();
    expect(drifted(report)).toEqual([["update", "alerts-alert-mcp-denied-spike", ["enabled: true => false"]]]);
    expect(report.violations.filter((v) => v.ruleId === "SQR-09" && v.urn.endsWith("alerts-alert-mcp-denied-spike")).map((v) => v.exception)).toEqual([undefined]);
    expect(code).toBe(1);
  });

  it("a removed receiver: drift on the action group's receiver list", async () => {
    const group = props("/actiongroups/ag-cursor-security-team-staging");
    group.emailReceivers = (group.emailReceivers as unknown[]).slice(0, 1);
    const { report, code } = await run();
    expect(drifted(report)).toEqual([["update", "security-team-group", ['emailReceivers[1].emailAddress: "platform-team@contoso.com" => undefined', 'emailReceivers[1].name: "email-1" => undefined', "emailReceivers[1].useCommonAlertSchema: true => undefined"]]]);
    expect(code).toBe(1);
  });

  it("a receiver re-added in the portal without the common alert schema (its default): drift and AG-03", async () => {
    const group = props("/actiongroups/ag-cursor-security-team-staging");
    group.emailReceivers = [(group.emailReceivers as unknown[])[0], { name: "email-1", emailAddress: "platform-team@contoso.com", status: "Enabled", useCommonAlertSchema: false }];
    const { report } = await run();
    expect(drifted(report)).toEqual([["update", "security-team-group", ["emailReceivers[1].useCommonAlertSchema: true => false"]]]);
    expect(report.violations.filter((v) => v.ruleId === "AG-03").map((v) => v.message)).toEqual([expect.stringContaining("emailReceivers[1].useCommonAlertSchema is not true")]);
  });

  it("an expiry set by hand with `az keyvault secret set --expires`: drift against the catalog, and when the secret says it changed", async () => {
    const attributes = props("/secrets/github-mcp-token").attributes as Record<string, unknown>;
    attributes.exp = Date.UTC(2027, 5, 30) / 1000;
    attributes.updated = Date.UTC(2026, 10, 30, 14, 5) / 1000;
    const { report, code, text } = await run();
    expect(drifted(report)).toEqual([["update", "secrets-secret-github-mcp-token", [`properties.attributes.expires: 1800403200 => ${Date.UTC(2027, 5, 30) / 1000}`]]]);
    expect(report.changedBy).toEqual([{ urn: expect.stringContaining("github-mcp-token"), name: "secrets-secret-github-mcp-token", updated: "2026-11-30T14:05:00.000Z" }]);
    expect(text).toContain("the resource reports its last update at 2026-11-30T14:05:00.000Z");
    expect(code).toBe(1);
  });

  it("a new secret version set without --expires: drift and KV-11", async () => {
    delete (props("/secrets/ado-mcp-token").attributes as Record<string, unknown>).exp;
    const { report } = await run();
    expect(drifted(report)).toEqual([["update", "secrets-secret-ado-mcp-token", ["properties.attributes.expires: 1800403200 => undefined"]]]);
    expect(report.violations.filter((v) => v.ruleId === "KV-11").map((v) => v.urn)).toEqual([expect.stringContaining("ado-mcp-token")]);
  });

  it("a secret in the vault that the catalog does not name: reported as present only in Azure", async () => {
    const vault = String(arm.body("/vaults/kv-cursor-secrets-sbc12").id);
    arm.resources.set(`${vault}/secrets/jira-mcp-token`.toLowerCase(), {
      id: `${vault}/secrets/jira-mcp-token`,
      name: "jira-mcp-token",
      type: "Microsoft.KeyVault/vaults/secrets",
      location: "westeurope",
      properties: { attributes: { enabled: true, created: 1795000000, updated: 1795000000 }, secretUri: "https://kv-cursor-secrets-sbc12.vault.azure.net/secrets/jira-mcp-token" },
    });
    const { report, code } = await run();
    expect(report.drift.changes.map((c) => [c.kind, c.name])).toEqual([["create", "secrets-secret-jira-mcp-token"]]);
    expect(report.violations.filter((v) => v.urn.endsWith("jira-mcp-token")).map((v) => v.ruleId).sort()).toEqual(["KV-11", "KV-12"]);
    expect(code).toBe(1);
  });

  it("pages through scheduled query rules with nextLink and sends the api-versions azure-native deploys with", async () => {
    await run();
    const lists = arm.received.filter((r) => r.path.toLowerCase().endsWith("/scheduledqueryrules"));
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expect(arm.received.filter((r) => /\/vaults\/[^/]+(\/secrets)?$/i.test(r.path)).every((r) => r.apiVersion === "2024-11-01")).toBe(true);
    expect(arm.received.filter((r) => /diagnosticSettings/i.test(r.path)).every((r) => r.apiVersion === "2021-05-01-preview")).toBe(true);
    expect(arm.received.filter((r) => /scheduledqueryrules/i.test(r.path)).every((r) => r.apiVersion === "2025-01-01-preview")).toBe(true);
    expect(arm.received.filter((r) => /actiongroups/i.test(r.path)).every((r) => r.apiVersion === "2024-10-01-preview")).toBe(true);
    expect(arm.received.filter((r) => /datacollection(rules|endpoints)\/[^/]+$/i.test(r.path)).every((r) => r.apiVersion === "2022-06-01")).toBe(true);
  });
});

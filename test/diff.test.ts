import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffDigests, priorState } from "../src/plan/diff";
import { PreviewDigest } from "../src/plan/digest";
import { readDigest } from "../src/plan/planSource";
import { renderDiffMarkdown, renderDiffText } from "../src/plan/renderDiff";
import { ROOT, clone, planMap, planStack, runCli, stackMap } from "./helpers";

type Bag = Record<string, unknown>;


function write(digest: PreviewDigest): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-diff-")), "plan.json");
  fs.writeFileSync(file, JSON.stringify(digest));
  return file;
}

describe("mcp-guard diff", () => {
  let prod: PreviewDigest;
  beforeAll(async () => {
    prod = (await planStack("prod")).digest;
  });

  it("reports no changes for the same plan and exits 0", async () => {
    const file = write(prod);
    const r = await runCli("diff", "--stack", "prod", "--base", file, "--head", write(clone(prod)));
    expect(r.code).toBe(0);
    expect(r.out).toContain("0 to create, 0 to update, 0 to replace, 0 to delete");
    expect(r.out).toContain("No changes.");
  });

  it("shows a new query as one create, with its properties, and exits 1", async () => {
    const base = clone(prod);
    const silent = prod.steps.find((s) => s.newState?.inputs.displayName === "Always-on MCP servers that went silent");
    base.steps = base.steps.filter((s) => s.urn !== silent?.urn);
    const r = await runCli("diff", "--stack", "prod", "--base", write(base), "--head", write(prod), "--format", "markdown");
    expect(r.code).toBe(1);
    expect(r.out).toContain("**1 to create, 0 to update, 0 to replace, 0 to delete**");
    expect(r.out).toContain(`- **create** \`${silent?.urn.split("::").pop()}\` (\`azure-native:operationalinsights:Query\`)`);
    expect(r.out).toContain("| `displayName` | `(none)` | `\"Always-on MCP servers that went silent\"` |  |");
  });

  it("shows a weakened vault as one update with before and after, and fails on the new mandatory violation (exit 3)", async () => {
    const head = clone(prod);
    const vault = head.steps.find((s) => s.newState?.type === "azure-native:keyvault:Vault")?.newState;
    if (!vault) throw new Error("no vault");
    (vault.inputs.properties as Bag).publicNetworkAccess = "Enabled";
    const d = diffDigests(prod, head);
    expect(d.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0 });
    expect(d.changes[0].properties).toEqual([{ path: "properties.publicNetworkAccess", before: "Disabled", after: "Enabled" }]);
    expect(d.introduced.map((v) => [v.ruleId, v.enforcement])).toEqual([["KV-05", "mandatory"]]);
    const r = await runCli("diff", "--stack", "prod", "--base", write(prod), "--head", write(head));
    expect(r.code).toBe(3);
    expect(r.out).toContain('properties.publicNetworkAccess: "Disabled" => "Enabled"');
    expect(r.out).toContain("new mandatory: KV-05 on secrets-vault:");
  });

  it("flags renaming the workspace as a replacement that destroys the audit records", async () => {
    const head = (await planMap({ ...stackMap("prod"), "mcp-guard:logAnalyticsWorkspaceName": "law-cursor-audit-prod-2" }, "prod")).digest;
    const d = diffDigests(prod, head);
    const ws = d.changes.find((c) => c.type === "azure-native:operationalinsights:Workspace");
    expect(ws).toEqual(expect.objectContaining({ kind: "replace", dataLoss: "every audit record in the workspace" }));
    expect(ws?.properties).toContainEqual({ path: "workspaceName", before: "law-cursor-audit-prod", after: "law-cursor-audit-prod-2", replaces: "resource name (ARM id)" });
    expect(d.changes.find((c) => c.type === "azure-native:operationalinsights:Table")).toEqual(expect.objectContaining({ kind: "replace", dataLoss: "every MCP audit record in the table" }));
    const md = renderDiffMarkdown(d, "prod");
    expect(md).toContain("> [!CAUTION]\n> **DATA LOSS: replacing audit-workspace (azure-native:operationalinsights:Workspace) destroys every audit record in the workspace**");
    expect(renderDiffText(d, "prod")).toContain("!! DATA LOSS: replacing audit-workspace");
  });

  it("reads a real `pulumi preview --json` (Pulumi's documented shape): providers ignored, deletes dropped, secrets shown as [secret]", async () => {
    const file = path.join(ROOT, "test/fixtures/previews/pulumi-preview.json");
    const preview = readDigest(file);
    const d = diffDigests(priorState(preview), preview);
    expect(d.changes.map((c) => [c.kind, c.name])).toEqual([
      ["delete", "secrets-secret-ado-mcp-token"],
      ["create", "secrets-secret-jira-mcp-token"],
      ["update", "secrets-vault"],
    ]);
    expect(d.changes[1].properties).toContainEqual({ path: "properties.value", before: undefined, after: "[secret]" });
    expect(d.introduced.map((v) => v.ruleId)).toEqual(["KV-05", "KV-06"]);
    const r = await runCli("diff", "--stack", "prod", "--base", file, "--head", file);
    expect(r.code).toBe(3);
    expect(r.out).toContain("!! DATA LOSS: deleting secrets-secret-ado-mcp-token (azure-native:keyvault:Secret) destroys the credential's value and its versions");
  });

  it("is deterministic: the same inputs give the same bytes", async () => {
    const base = clone(prod);
    base.steps = base.steps.slice(0, 40);
    const args = ["diff", "--stack", "prod", "--base", write(base), "--head", write(prod), "--format", "markdown"];
    const [a, b] = [await runCli(...args), await runCli(...args)];
    expect(a.out).toBe(b.out);
    expect(a.out.length).toBeGreaterThan(1000);
  });

  it("plans a git ref with that commit's own code in a temporary worktree, and cleans up", async () => {
    const { execFileSync } = await import("node:child_process");
    // A developer may keep worktrees of their own: the diff must leave exactly those.
    const worktrees = () => execFileSync("git", ["-C", ROOT, "worktree", "list", "--porcelain"], { encoding: "utf8" });
    const before = worktrees();
    const r = await runCli("diff", "--stack", "dev", "--base", "HEAD", "--head", "HEAD", "--cwd", ROOT);
    expect(r).toEqual(expect.objectContaining({ code: 0, err: "" }));
    expect(r.out).toContain("mcp-guard diff: dev (HEAD -> HEAD)\n0 to create, 0 to update, 0 to replace, 0 to delete");
    expect(worktrees()).toBe(before);
  });

  it("explains bad input with exit 2", async () => {
    expect(await runCli("diff", "--stack", "prod", "--base", "no-such-ref-or-file")).toEqual(expect.objectContaining({ code: 2, err: expect.stringContaining("error: no-such-ref-or-file is neither a file nor a git ref") }));
    const notDigest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-diff-")), "x.json");
    fs.writeFileSync(notDigest, "{}");
    expect(await runCli("diff", "--stack", "prod", "--base", notDigest)).toEqual(expect.objectContaining({ code: 2, err: expect.stringContaining("not a PreviewDigest (no steps[])") }));
    // The base is checked before the head is planned: in a directory with no project, planning the head
    // first would fail on the missing Pulumi.yaml instead of naming the bad --base.
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-diff-empty-"));
    expect(await runCli("diff", "--stack", "prod", "--base", "no-such-ref-or-file", "--cwd", empty)).toEqual(expect.objectContaining({ code: 2, err: expect.stringContaining("error: no-such-ref-or-file is neither a file nor a git ref") }));
    expect(await runCli("diff", "--stack", "prod", "--base", notDigest, "--format", "html")).toEqual(expect.objectContaining({ code: 2, err: expect.stringContaining('--format "html" is not allowed; allowed markdown, text') }));
  });
});

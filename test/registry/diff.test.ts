import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { projectWithServers } from "../../bench/sizedProject";
import { deployedParameters, diffDigests } from "../../src/plan/diff";
import { PreviewDigest } from "../../src/plan/digest";
import { runPlan } from "../../src/plan/offlinePlan";
import { renderDiffMarkdown, renderDiffText } from "../../src/plan/renderDiff";
import { planStack, ROOT } from "../helpers";

/*
 * A pull request that changes a server file: the diff shows its effect on resources (the saved queries
 * and alert rules whose parameters change) and, in its own section, the parameter values it adds or removes.
 */
const shipped = Object.fromEntries(fs.readdirSync(path.join(ROOT, "servers")).map((f) => [f, fs.readFileSync(path.join(ROOT, "servers", f), "utf8")]));

describe("the diff of a change to servers/", () => {
  let base: PreviewDigest;
  let head: PreviewDigest;
  beforeAll(async () => {
    base = (await planStack("staging")).digest;
    // The file-system server approved for staging too (its conditions said: re-review before staging).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-registry-diff-"));
    projectWithServers(ROOT, dir, { ...shipped, "filesystem.yaml": shipped["filesystem.yaml"].replace("  staging: false", "  staging: true") });
    head = (await runPlan({ projectDir: dir, stack: "staging" })).digest;
  }, 120000);

  it("reads the deployed parameter values back from the digest", () => {
    expect([...(deployedParameters(base).get("approvedServers") ?? [])].sort()).toEqual(["azure-devops", "database", "github"]);
  });

  it("lists the values the approval adds, per parameter", () => {
    const d = diffDigests(base, head);
    // Only parameters some query or alert declares are deployed.
    expect(d.parameters.slice(0, 2)).toEqual([
      { name: "approvedServers", added: ["filesystem"], removed: [] },
      { name: "approvedServerTools", added: ["filesystem/list_directory", "filesystem/read_file"], removed: [] },
    ]);
    expect(d.parameters.slice(2)).toEqual(d.parameters.slice(2).filter((p) => p.name === "approvedServerTools" && p.added.join() === "filesystem/list_directory,filesystem/read_file"));
    expect(d.changes.length).toBeGreaterThan(0);
    expect(d.changes.every((c) => c.kind === "update")).toBe(true);
  });

  it("says so in the PR comment and in the terminal", () => {
    const d = diffDigests(base, head);
    const md = renderDiffMarkdown(d, "mcp-guard diff: staging");
    expect(md).toContain("#### Detection parameters\n\nEvery saved query and alert that takes these parameters now runs with:\n\n- `approvedServers`: added `filesystem`\n- `approvedServerTools`: added `filesystem/list_directory`, added `filesystem/read_file`\n");
    expect(renderDiffText(d, "staging")).toContain("Detection parameters:\n  + approvedServers: filesystem\n  + approvedServerTools: filesystem/list_directory\n");
    const back = diffDigests(head, base);
    expect(back.parameters[0]).toEqual({ name: "approvedServers", added: [], removed: ["filesystem"] });
    expect(renderDiffText(back, "staging")).toContain("  - approvedServers: filesystem\n");
  });
});

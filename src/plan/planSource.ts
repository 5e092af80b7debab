import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isRecord, PreviewDigest, PreviewStep, summarize } from "./digest";
import { runPlan } from "./offlinePlan";
import { UsageError } from "./projectFiles";
import { withEngineUrns } from "./urn";

/**
 * One side of a diff: a PreviewDigest file (ours, or Pulumi's `pulumi preview --json`), or a git ref
 * planned with that commit's own code, or the working tree.
 */
export type PlanSource = { file: string } | { ref: string } | { workingTree: true };

export function parseSource(value: string | undefined, cwd: string): PlanSource {
  if (value === undefined) return { workingTree: true };
  if (value.endsWith(".json") || fs.existsSync(path.resolve(cwd, value))) return { file: path.resolve(cwd, value) };
  return { ref: value };
}

export function readDigest(file: string): PreviewDigest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`${file}: not a readable JSON file (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`);
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.steps)) throw new UsageError(`${file}: not a PreviewDigest (no steps[]); give mcp-guard plan --out or pulumi preview --json output`);
  const steps = parsed.steps.filter(isStep);
  // Plans from mcp-guard before it named resources as the engine does would otherwise diff as all-new.
  return withEngineUrns({ steps, changeSummary: summarize(steps) });
}

/** A step as both our plans and `pulumi preview --json` write it: an op, a URN, and the states it has. */
function isStep(v: unknown): v is PreviewStep {
  const state = (x: unknown) => x === undefined || (isRecord(x) && typeof x.type === "string" && isRecord(x.inputs ?? {}));
  return isRecord(v) && typeof v.op === "string" && typeof v.urn === "string" && state(v.newState) && state(v.oldState);
}

const git = (cwd: string, args: string[]) => execFileSync("git", ["-C", cwd, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

/**
 * Plans `ref` as that commit would: a temporary worktree with its own code, dependencies installed
 * (linked from this checkout when its lock file is identical), and its own `mcp-guard plan`.
 */
function planRef(ref: string, stack: string, cwd: string): PreviewDigest {
  try {
    git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`${ref} is neither a file nor a git ref in ${cwd}`);
  }
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-base-"));
  git(cwd, ["worktree", "add", "--detach", "--force", dir, ref]);
  try {
    const lock = (root: string) => (fs.existsSync(path.join(root, "package-lock.json")) ? fs.readFileSync(path.join(root, "package-lock.json"), "utf8") : "");
    if (lock(dir) === lock(top) && fs.existsSync(path.join(top, "node_modules"))) fs.symlinkSync(path.join(top, "node_modules"), path.join(dir, "node_modules"), "dir");
    else execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, stdio: "ignore" });
    const cli = path.join(dir, "bin", "mcp-guard.js");
    if (!fs.existsSync(cli)) throw new UsageError(`${ref} has no bin/mcp-guard.js; it predates the offline plan`);
    const out = path.join(dir, ".mcp-guard-plan.json");
    try {
      execFileSync(process.execPath, [cli, "plan", "--stack", stack, "--cwd", dir, "--out", out], { cwd: dir, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    } catch (err) {
      // Exit 3 (a mandatory violation) still wrote the plan; anything else did not.
      if (!fs.existsSync(out)) throw new UsageError(`planning ${ref} failed: ${err instanceof Error && "stderr" in err ? String(err.stderr).trim() : String(err)}`);
    }
    return readDigest(out);
  } finally {
    git(cwd, ["worktree", "remove", "--force", dir]);
  }
}

export async function loadSource(source: PlanSource, stack: string, cwd: string): Promise<PreviewDigest> {
  if ("file" in source) return readDigest(source.file);
  if ("ref" in source) return planRef(source.ref, stack, cwd);
  return (await runPlan({ projectDir: cwd, stack })).digest;
}

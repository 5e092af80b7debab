import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isRecord, isStepOp, PreviewDigest, PreviewStep, ResourceState, StepOp, summarize } from "./digest";
import { runPlan } from "./offlinePlan";
import { UsageError } from "../errors";
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

/**
 * Azure resource bodies nest a dozen levels at most (ARM's deepest, a web app's siteConfig, is under
 * ten); a plan nested deeper than this is not a plan, and walking it would exhaust the stack.
 */
export const MAX_PLAN_DEPTH = 64;

/**
 * The nesting depth of a JSON value, measured without recursion, stopping once past `limit`. Values and
 * their depths sit on two parallel stacks: a pair per value of a 100 MB plan was garbage to collect.
 */
function depthOver(value: unknown, limit: number): boolean {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const d = depths.pop() ?? 0;
    if (d > limit) return true;
    if (Array.isArray(v)) {
      for (const x of v) {
        values.push(x);
        depths.push(d + 1);
      }
    } else if (isRecord(v)) {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        values.push(v[k]);
        depths.push(d + 1);
      }
    }
  }
  return false;
}

export function readDigest(file: string): PreviewDigest {
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${file} is a directory, not a plan JSON file`);
  let parsed: unknown;
  try {
    // Windows tools write a UTF-8 byte-order mark that JSON.parse rejects.
    parsed = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (err) {
    // JSON.parse quotes the text around the error, which may be a secret in a file that is not a plan: say where, not what.
    const at = err instanceof SyntaxError ? /position \d+/.exec(err.message)?.[0] : undefined;
    throw new UsageError(`${file}: not a readable JSON file (${err instanceof SyntaxError ? `invalid JSON${at ? ` at ${at}` : ""}` : (systemCode(err) ?? "unreadable")})`);
  }
  return digestOf(file, parsed);
}

function systemCode(err: unknown): string | undefined {
  return err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : undefined;
}

/** A parsed plan document as a digest: our own, Pulumi's `preview --json`, or the shapes other tools write. */
export function digestOf(file: string, parsed: unknown): PreviewDigest {
  if (!isRecord(parsed) || !Array.isArray(parsed.steps)) throw new UsageError(`${file}: not a PreviewDigest (no steps[]); give mcp-guard plan --out or pulumi preview --json output`);
  if (depthOver(parsed, MAX_PLAN_DEPTH)) throw new UsageError(`${file}: nests values more than ${MAX_PLAN_DEPTH} levels deep; no Azure resource does, so this is not a plan`);
  const raw: unknown[] = parsed.steps;
  const parents = new Set<string>();
  for (const s of raw) if (isRecord(s)) for (const st of [s.newState, s.oldState]) if (isRecord(st) && typeof st.parent === "string") parents.add(st.parent);
  const steps: PreviewStep[] = [];
  const invalid: number[] = [];
  raw.forEach((v, i) => {
    const step = stepOf(v, parents);
    if (step) steps.push(step);
    else invalid.push(i);
  });
  if (invalid.length > 0) {
    const which = invalid.length === raw.length ? `none of its ${raw.length} steps is` : `steps[${invalid.slice(0, 5).join("], steps[")}]${invalid.length > 5 ? ` and ${invalid.length - 5} more are` : invalid.length > 1 ? " are" : " is"} not`;
    throw new UsageError(`${file}: ${which} a Pulumi step (an op, a urn, and a state with a type); the plan would be read as deleting what it cannot read`);
  }
  // Plans from mcp-guard before it named resources as the engine does would otherwise diff as all-new.
  return withEngineUrns({ steps, changeSummary: summarize(steps) });
}

/**
 * A step as our plans and `pulumi preview --json` write it (an op, a URN, old and new states), or as
 * other tools do: state fields on the step itself and no newState, or the inputs beside an empty
 * newState (`resourceInputs`). A state without `custom` is a custom resource unless it is the stack,
 * a provider, or some other state's parent (a component).
 */
function stepOf(v: unknown, parents: Set<string>): PreviewStep | undefined {
  if (!isRecord(v) || !isStepOp(v.op) || typeof v.urn !== "string") return undefined;
  const urn = v.urn;
  const flat = isRecord(v.inputs) ? v.inputs : isRecord(v.resourceInputs) ? v.resourceInputs : undefined;
  const stateOf = (x: unknown, fallback: boolean): ResourceState | undefined | false => {
    const given = isRecord(x) ? x : fallback && typeof v.type === "string" ? { type: v.type, urn } : undefined;
    if (given === undefined) return x === undefined ? undefined : false;
    if (typeof given.type !== "string" || (given.inputs !== undefined && !isRecord(given.inputs))) return false;
    const inputs = isRecord(given.inputs) && Object.keys(given.inputs).length > 0 ? given.inputs : fallback && flat ? flat : isRecord(given.inputs) ? given.inputs : {};
    const type = given.type;
    const custom = typeof given.custom === "boolean" ? given.custom : type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:") && !parents.has(urn);
    const str = (k: string) => (typeof given[k] === "string" ? { [k]: given[k] } : {});
    return { ...str("id"), ...str("parent"), ...str("provider"), ...(isRecord(given.outputs) ? { outputs: given.outputs } : {}), ...(typeof given.protect === "boolean" ? { protect: given.protect } : {}), ...(given.retainOnDelete === true ? { retainOnDelete: true } : {}), ...str("deletedWith"), ...(Array.isArray(given.dependencies) ? { dependencies: given.dependencies.filter((d): d is string => typeof d === "string") } : {}), urn: typeof given.urn === "string" ? given.urn : urn, type, inputs, custom };
  };
  const deleting = v.op === "delete" || v.op === "delete-replaced";
  const newState = stateOf(v.newState, !deleting);
  const oldState = stateOf(v.oldState, deleting && v.newState === undefined);
  if (newState === false || oldState === false || (newState === undefined && oldState === undefined)) return undefined;
  const op: StepOp = v.op;
  return { op, urn, ...(newState ? { newState } : {}), ...(oldState ? { oldState } : {}), ...(typeof v.provider === "string" ? { provider: v.provider } : {}) };
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
  // Asked of git before anything is checked out or installed: a commit from before the CLI has nothing to plan with.
  try {
    git(cwd, ["cat-file", "-e", `${ref}:./bin/mcp-guard.js`]);
  } catch {
    throw new UsageError(`${ref} has no bin/mcp-guard.js: it predates mcp-guard's offline plan, so it cannot be planned; diff against a later commit or a saved plan JSON`);
  }
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-base-"));
  git(cwd, ["worktree", "add", "--detach", "--force", dir, ref]);
  try {
    const lock = (root: string) => (fs.existsSync(path.join(root, "package-lock.json")) ? fs.readFileSync(path.join(root, "package-lock.json"), "utf8") : "");
    if (lock(dir) === lock(top) && fs.existsSync(path.join(top, "node_modules"))) fs.symlinkSync(path.join(top, "node_modules"), path.join(dir, "node_modules"), "dir");
    else {
      try {
        execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
      } catch (err) {
        const stderr = err instanceof Error && "stderr" in err ? String(err.stderr) : "";
        const reason = stderr.split("\n").find((l) => /npm (error|ERR!)/.test(l) && !/A complete log/.test(l))?.replace(/^npm (error|ERR!)\s*/, "") ?? "npm ci failed";
        throw new UsageError(`installing ${ref}'s dependencies (npm ci) failed: ${reason}`);
      }
    }
    const cli = path.join(dir, "bin", "mcp-guard.js");
    const out = path.join(dir, ".mcp-guard-plan.json");
    try {
      execFileSync(process.execPath, [cli, "plan", "--stack", stack, "--cwd", dir, "--out", out], { cwd: dir, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    } catch (err) {
      // Exit 3 (a mandatory violation) still wrote the plan; anything else did not.
      if (!fs.existsSync(out) || fs.statSync(out).size === 0) {
        const stderr = err instanceof Error && "stderr" in err ? String(err.stderr).trim() : String(err);
        // An older CLI may print a stack trace: its first lines say what failed, the frames do not.
        throw new UsageError(`planning ${ref} failed: ${stderr.split("\n").filter((l) => !/^\s+at /.test(l)).slice(0, 6).join("\n  ")}`);
      }
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

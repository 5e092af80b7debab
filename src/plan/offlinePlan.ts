import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { evaluate } from "../policy/runner";
import { ALL_RULES } from "../policy/rules";
import { STACK_RULES } from "../policy/stackRules";
import { loadSuppressions } from "../policy/suppressions";
import { Violation } from "../policy/types";
import { blindLeaves, blindRecord, isRecord, PreviewDigest, PreviewStep, summarize } from "./digest";
import { OfflineAzureMocks } from "./mocks";
import { Registration, RecordingMonitor } from "./recordingMonitor";
import { secretLeaves } from "../secretConfig";
import { programFailure, ProjectFile, readProjectFile, readStackConfig, StackConfigValues, stackFilePath } from "./projectFiles";
import { registerPlanOnlyTransforms } from "./planOnlyTransforms";
import { withoutPromiseStacks } from "./promiseStacks";
import { registerTypeScriptLoader } from "./typeScriptLoader";

export interface PlanRequest {
  /** Directory with Pulumi.yaml. */
  projectDir: string;
  stack: string;
  /** A stack config file other than `<stackConfigDir>/Pulumi.<stack>.yaml`. */
  configFile?: string;
  /** Config given directly (tests); wins over files. */
  config?: StackConfigValues;
  /** Plan a stack's first deployment: azure-native's preview outputs, every computed value unknown. */
  firstPreview?: boolean;
}

export interface Plan {
  project: string;
  stack: string;
  digest: PreviewDigest;
  /** Stack outputs, secrets blinded. */
  outputs: Record<string, unknown>;
  violations: Violation[];
}

/** Orders steps parent-first, siblings by URN, so the same program gives the same bytes every run. */
function orderSteps(regs: Registration[]): Registration[] {
  const byParent = new Map<string, Registration[]>();
  const urns = new Set(regs.map((r) => r.urn));
  for (const r of regs) {
    const parent = r.state.parent && urns.has(r.state.parent) ? r.state.parent : "";
    // Appended in place: copying the sibling list per resource was quadratic in a parent's children.
    const siblings = byParent.get(parent);
    if (siblings) siblings.push(r);
    else byParent.set(parent, [r]);
  }
  const out: Registration[] = [];
  const visit = (parent: string) => {
    for (const r of (byParent.get(parent) ?? []).sort((a, b) => a.urn.localeCompare(b.urn))) {
      out.push(r);
      visit(r.urn);
    }
  };
  visit("");
  return out;
}

function blindConfig(cfg: StackConfigValues): Record<string, string> {
  const secret = new Set(cfg.secretKeys);
  return Object.fromEntries(Object.keys(cfg.values).sort().map((k) => [k, secret.has(k) ? "[secret]" : cfg.values[k]]));
}

/** A program's registrations as the PreviewDigest of a first `pulumi preview`: every step a create. */
export function toDigest(registrations: Registration[], config: StackConfigValues): PreviewDigest {
  // A program that does not wrap a --secret value itself (a fixture, a consumer's stack) still has it blinded here.
  const leaves = secretLeaves(config);
  const steps: PreviewStep[] = orderSteps(registrations).map((r) => ({
    op: "create",
    urn: r.urn,
    newState: { ...r.state, inputs: blindLeaves(blindRecord(r.state.inputs), leaves) },
  }));
  return { config: blindConfig(config), steps, changeSummary: summarize(steps) };
}

/** Runs a Pulumi program under mocks, as `pulumi preview` would run it, and returns what it registered. */
export async function runPlan(req: PlanRequest): Promise<Plan> {
  const project: ProjectFile = readProjectFile(path.resolve(req.projectDir));
  const config = req.config ?? readStackConfig(project, req.configFile ? path.resolve(req.configFile) : stackFilePath(project, req.stack));

  const monitor = new RecordingMonitor(new OfflineAzureMocks(req.firstPreview), project.name, req.stack);
  // setMocks turns on the runtime features mocks support; the recording monitor then replaces its monitor.
  await pulumi.runtime.setMocks(monitor.mocks, project.name, req.stack, true);
  pulumi.runtime.setMockOptions(monitor, project.name, req.stack, true);
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);

  // A program error (bad config) is caught inside the stack so it surfaces here once, not also as an
  // unhandled rejection from the stack component.
  let failure: unknown;
  const restorePromiseStacks = withoutPromiseStacks();
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        registerPlanOnlyTransforms();
        registerTypeScriptLoader();
        // Imported inside the stack, as Pulumi's language host does, so top-level resources get the stack as parent.
        const program: unknown = await import(project.main);
        const entry = isRecord(program) && typeof program.default === "function" ? program.default : program;
        return typeof entry === "function" ? await entry() : entry;
      } catch (err) {
        failure = err;
        return {};
      }
    });
    // Resources registered inside apply() callbacks arrive after the stack's outputs resolve.
    await monitor.settled();
  } finally {
    restorePromiseStacks?.();
  }
  if (failure !== undefined) throw programFailure(failure, project);

  const digest = toDigest(monitor.registrations, config);
  const suppressions = loadSuppressions(path.join(path.resolve(req.projectDir), "policy", "suppressions.yaml"));
  return { project: project.name, stack: req.stack, digest, outputs: blindRecord(monitor.stackOutputs), violations: evaluate(digest, ALL_RULES, STACK_RULES, suppressions) };
}

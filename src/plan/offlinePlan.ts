import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { RegisterResourceOutputsRequest, RegisterResourceRequest, RegisterResourceResponse } from "@pulumi/pulumi/proto/resource_pb";
import { evaluate } from "../policy/runner";
import { ALL_RULES } from "../policy/rules";
import { STACK_RULES } from "../policy/stackRules";
import { loadSuppressions } from "../policy/suppressions";
import { Violation } from "../policy/types";
import { blindRecord, isRecord, PreviewDigest, PreviewStep, ResourceState, summarize } from "./digest";
import { OfflineAzureMocks } from "./mocks";
import { registerPlanOnlyTransforms } from "./planOnlyTransforms";
import { ProjectFile, readProjectFile, readStackConfig, StackConfigValues, stackFilePath } from "./projectFiles";

interface Registration {
  seq: number;
  urn: string;
  state: ResourceState;
}

type Callback<T> = (err: unknown, response: T | undefined) => void;

/**
 * A mock monitor that also records what each registration asked for (parent, protect, dependencies,
 * inputs), which `Mocks.newResource` is not told, so the plan can be written as a PreviewDigest.
 */
class RecordingMonitor extends MockMonitor {
  readonly registrations: Registration[] = [];
  stackOutputs: Record<string, unknown> = {};
  private stackUrn = "";
  private inFlight = 0;
  private started = 0;

  /**
   * Resolves once no registration is in flight and none started for a full turn of the event loop:
   * a resource registered inside apply() starts only after the output it waits on resolves.
   */
  async settled(): Promise<void> {
    for (let quiet = 0, seen = -1; quiet < 2; ) {
      await new Promise((resolve) => setImmediate(resolve));
      quiet = this.inFlight === 0 && this.started === seen ? quiet + 1 : 0;
      seen = this.started;
    }
  }

  async registerResource(req: RegisterResourceRequest, callback: Callback<RegisterResourceResponse>): Promise<void> {
    const seq = this.started++;
    this.inFlight++;
    const inputs = req.getObject()?.toJavaScript() ?? {};
    return super.registerResource(req, (err: unknown, response: RegisterResourceResponse | undefined) => {
      if (response) {
        const urn = response.getUrn();
        if (req.getType() === pulumi.runtime.rootPulumiStackTypeName) this.stackUrn = urn;
        const state: ResourceState = {
          urn,
          custom: req.getCustom(),
          type: req.getType(),
          parent: req.getParent() || undefined,
          inputs: isRecord(inputs) ? inputs : {},
          protect: req.getProtect() ?? false,
          dependencies: [...new Set(req.getDependenciesList())].sort(),
          provider: req.getProvider() || undefined,
        };
        this.registrations.push({ seq, urn, state });
      }
      this.inFlight--;
      callback(err, response);
    });
  }

  registerResourceOutputs(req: RegisterResourceOutputsRequest, callback: Callback<object>): void {
    if (req.getUrn() === this.stackUrn) this.stackOutputs = req.getOutputs()?.toJavaScript() ?? {};
    super.registerResourceOutputs(req, callback);
  }
}

export interface PlanRequest {
  /** Directory with Pulumi.yaml. */
  projectDir: string;
  stack: string;
  /** A stack config file other than `<stackConfigDir>/Pulumi.<stack>.yaml`. */
  configFile?: string;
  /** Config given directly (tests); wins over files. */
  config?: StackConfigValues;
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
    byParent.set(parent, [...(byParent.get(parent) ?? []), r]);
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

/** Runs a Pulumi program under mocks, as `pulumi preview` would run it, and returns what it registered. */
export async function runPlan(req: PlanRequest): Promise<Plan> {
  const project: ProjectFile = readProjectFile(path.resolve(req.projectDir));
  const config = req.config ?? readStackConfig(project, req.configFile ? path.resolve(req.configFile) : stackFilePath(project, req.stack));

  const monitor = new RecordingMonitor(new OfflineAzureMocks());
  // setMocks turns on the runtime features mocks support; the recording monitor then replaces its monitor.
  await pulumi.runtime.setMocks(monitor.mocks, project.name, req.stack, true);
  pulumi.runtime.setMockOptions(monitor, project.name, req.stack, true);
  pulumi.runtime.setAllConfig(config.values, config.secretKeys);

  // A program error (bad config) is caught inside the stack so it surfaces here once, not also as an
  // unhandled rejection from the stack component.
  let failure: unknown;
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      registerPlanOnlyTransforms();
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
  if (failure !== undefined) throw failure;

  const steps: PreviewStep[] = orderSteps(monitor.registrations).map((r) => ({
    op: "create",
    urn: r.urn,
    newState: { ...r.state, inputs: blindRecord(r.state.inputs) },
  }));
  const digest: PreviewDigest = { config: blindConfig(config), steps, changeSummary: summarize(steps) };
  const suppressions = loadSuppressions(path.join(path.resolve(req.projectDir), "policy", "suppressions.yaml"));
  return { project: project.name, stack: req.stack, digest, outputs: blindRecord(monitor.stackOutputs), violations: evaluate(digest, ALL_RULES, STACK_RULES, suppressions) };
}

import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { main } from "../src/cli";
import { McpGuardConfig, parseConfig } from "../src/config";
import { PreviewStep, ResourceState } from "../src/plan/digest";
import { Plan, runPlan } from "../src/plan/offlinePlan";
import { readProjectFile, stackConfigFromMap } from "../src/plan/projectFiles";
import { ALL_RULES } from "../src/policy/rules";
import { parameterDefaults, PolicyRule, ResourceUnderCheck, RuleParameters } from "../src/policy/types";

export const ROOT = path.resolve(__dirname, "..");
export const PROJECT = readProjectFile(ROOT);

/** A `secure:` value as `pulumi config set --secret` writes it; the offline plan cannot decrypt it. */
export const secure = (ciphertext = "v1:AAAAAAAAAAAAAAAA") => ({ secure: ciphertext });

/** The gateway's Entra app registration every stack names (example ids). */
export const EDGE_AUTH = { "mcp-guard:gatewayAuthTenantId": "72f988bf-0000-4000-8000-00000000c0de", "mcp-guard:gatewayAuthClientId": "3b1f0c2e-8d4a-4f6b-9e21-7c5a0d9e4b13" };

export function stackMap(stack: string): Record<string, unknown> {
  const doc = parse(fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
  return { ...doc.config };
}

/** Parses a stack config map the way the program does under `pulumi up`. */
export function configOf(map: Record<string, unknown>, stack = "test"): McpGuardConfig {
  return parseConfig({ project: PROJECT.name, stack, ...stackConfigFromMap(PROJECT, map) });
}

/** The problems a bad config map produces, or [] when it is valid. */
export function problemsOf(map: Record<string, unknown>, stack = "test"): string[] {
  try {
    configOf(map, stack);
    return [];
  } catch (err) {
    if (err && typeof err === "object" && "problems" in err) return (err as { problems: string[] }).problems;
    throw err;
  }
}

/** A shipped stack's plan: from the run's cache (test/globalSetup.ts) when there is one, else planned now. */
export async function planStack(stack: string): Promise<Plan> {
  const cache = process.env.MCP_GUARD_PLAN_CACHE;
  const file = cache ? path.join(cache, `${stack}.json`) : undefined;
  if (file && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8"));
  return runPlan({ projectDir: ROOT, stack });
}

export function planMap(map: Record<string, unknown>, stack = "test"): Promise<Plan> {
  return runPlan({ projectDir: ROOT, stack, config: stackConfigFromMap(PROJECT, map) });
}

export function ofType(plan: Plan, type: string): ResourceState[] {
  return plan.digest.steps.map((s: PreviewStep) => s.newState).filter((s): s is ResourceState => s?.type === type);
}

export function one(plan: Plan, type: string, where: (s: ResourceState) => boolean = () => true): ResourceState {
  const found = ofType(plan, type).filter(where);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** A resource rule as tests call it: parameters default to the rule's own defaults, as the plan runs it. */
export type TestedRule = Omit<PolicyRule, "check"> & { check(resource: ResourceUnderCheck, parameters?: RuleParameters): string[] };

/** A resource rule by its checklist id. */
export function ruleById(id: string): TestedRule {
  const found = ALL_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return { ...found, check: (resource, parameters) => found.check(resource, parameters ?? parameterDefaults(found)) };
}

/** A deep copy to weaken without touching the shared plan. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

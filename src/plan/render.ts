import { Violation } from "../policy/types";
import { PreviewStep, StepOp, urnName } from "./digest";
import { Plan } from "./offlinePlan";

const OP_SIGN: Record<StepOp, string> = {
  same: " ", create: "+", update: "~", delete: "-", replace: "+-", "create-replacement": "++", "delete-replaced": "--", read: ">", refresh: "~", import: "=",
};

/** One line per resource, indented under its parent: `+ azure-native:keyvault:Vault  secrets-vault`. */
export function renderTree(steps: PreviewStep[]): string[] {
  const depth = new Map<string, number>();
  const width = Math.max(0, ...steps.map((s) => (s.newState?.type ?? "").length));
  return steps.map((s) => {
    const parent = s.newState?.parent ?? s.oldState?.parent;
    const d = parent !== undefined && depth.has(parent) ? (depth.get(parent) ?? 0) + 1 : 0;
    depth.set(s.urn, d);
    const type = s.newState?.type ?? s.oldState?.type ?? "";
    const protect = s.newState?.protect ? "  [protect]" : "";
    return `${OP_SIGN[s.op].padEnd(2)} ${"  ".repeat(d)}${type.padEnd(width + 2)}${urnName(s.urn)}${protect}`;
  });
}

export function renderCounts(steps: PreviewStep[]): string[] {
  const counts = new Map<string, number>();
  for (const s of steps) {
    if (!s.newState?.custom) continue;
    counts.set(s.newState.type, (counts.get(s.newState.type) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => `${String(n).padStart(4)}  ${type}`);
}

export function renderViolations(all: Violation[]): string[] {
  const violations = all.filter((v) => v.exception === undefined);
  const excepted = all.filter((v) => v.exception !== undefined);
  const mandatory = violations.filter((v) => v.enforcement === "mandatory").length;
  return [
    violations.length === 0 ? "Policy: every rule passes." : `Policy: ${mandatory} mandatory, ${violations.length - mandatory} advisory violation(s):`,
    ...violations.map((v) => `  [${v.enforcement}] ${v.ruleId} ${urnName(v.urn)} (${v.type}): ${v.message}`),
    ...(excepted.length === 0 ? [] : [`Policy exceptions, each with its written reason (${excepted.length}):`]),
    ...excepted.map((v) => `  [excepted] ${v.ruleId} ${urnName(v.urn)} (${v.type}): ${v.message}\n      reason: ${v.exception}`),
  ];
}

/** The whole human-readable plan: header, tree, counts per type, summary line, policy. */
export function renderPlan(plan: Plan): string {
  const steps = plan.digest.steps;
  const custom = steps.filter((s) => s.newState?.custom).length;
  return [
    `Offline plan of ${plan.project} (stack ${plan.stack}); values Azure computes at deploy time show as [unknown], secrets as [secret].`,
    "",
    ...renderTree(steps),
    "",
    "Resources per type:",
    ...renderCounts(steps),
    "",
    `Plan: ${steps.length} to create (${custom} Azure resources, ${steps.length - custom} components).`,
    ...renderViolations(plan.violations),
    "",
  ].join("\n");
}

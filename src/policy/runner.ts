import { PreviewDigest, urnName } from "../plan/digest";
import { exceptionReason } from "../policyExceptions";
import { ALL_RULES } from "./rules";
import { StackResource, StackRule } from "./stack";
import { Suppression, suppressionFor } from "./suppressions";
import { STACK_RULES } from "./stackRules";
import { parameterDefaults, PolicyRule, RuleParameters, Violation } from "./types";

/** The resources a digest creates or keeps, as stack rules see them. */
export function stackResources(digest: PreviewDigest): StackResource[] {
  return digest.steps
    .filter((s) => s.newState?.custom && s.op !== "delete" && s.op !== "delete-replaced")
    .flatMap((s) => (s.newState ? [{ urn: s.urn, type: s.newState.type, name: urnName(s.urn), inputs: s.newState.inputs, dependencies: s.newState.dependencies ?? [] }] : []));
}

/** Applies every rule to every resource a digest creates or keeps (deleted ones are not checked), then the stack rules. */
export function evaluate(digest: PreviewDigest, rules: readonly PolicyRule[] = ALL_RULES, stackRules: readonly StackRule[] = STACK_RULES, suppressions: readonly Suppression[] = []): Violation[] {
  const violations: Violation[] = [];
  // A written exception: the resource's own tag, or a suppression in policy/suppressions.yaml.
  const excused = (ruleId: string, urn: string, tags: unknown): string | undefined => {
    const s = suppressionFor(suppressions, ruleId, urnName(urn));
    return exceptionReason(tags, ruleId) ?? (s ? `${s.reason} (policy/suppressions.yaml)` : undefined);
  };
  // Rules by type, each with its parameter defaults, built once: filtering every rule for each of a
  // 60,000-step plan's resources dominated the diff's policy pass.
  const forType = new Map<string, { rule: PolicyRule; parameters: RuleParameters }[]>();
  for (const rule of rules) {
    for (const type of new Set(rule.resourceTypes)) {
      const list = forType.get(type) ?? [];
      list.push({ rule, parameters: parameterDefaults(rule) });
      forType.set(type, list);
    }
  }
  for (const step of digest.steps) {
    const state = step.newState;
    if (!state || !state.custom || step.op === "delete" || step.op === "delete-replaced") continue;
    const applicable = forType.get(state.type);
    if (!applicable) continue;
    const resource = { type: state.type, name: urnName(state.urn), urn: state.urn, inputs: state.inputs, protect: state.protect };
    for (const { rule, parameters } of applicable) {
      const exception = excused(rule.id, state.urn, state.inputs.tags);
      for (const message of rule.check(resource, parameters)) {
        violations.push({ ruleId: rule.id, enforcement: rule.enforcement, title: rule.title, urn: state.urn, type: state.type, message, ...(exception ? { exception } : {}) });
      }
    }
  }
  const resources = stackResources(digest);
  // The first resource of each URN, as a search of the list in plan order would find it.
  const byUrn = new Map<string, StackResource>();
  for (const r of resources) if (!byUrn.has(r.urn)) byUrn.set(r.urn, r);
  for (const rule of stackRules) {
    for (const finding of rule.check(resources, rules)) {
      const found = byUrn.get(finding.urn);
      const exception = excused(rule.id, finding.urn, found?.inputs.tags);
      violations.push({ ruleId: rule.id, enforcement: rule.enforcement, title: rule.title, urn: finding.urn, type: found?.type ?? "", message: finding.message, ...(exception ? { exception } : {}) });
    }
  }
  return violations.sort((a, b) => a.urn.localeCompare(b.urn) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
}

/** Violations that fail a plan: mandatory, and not excepted by a written reason on the resource. */
export function blocking(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => v.enforcement === "mandatory" && v.exception === undefined);
}

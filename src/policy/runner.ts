import { PreviewDigest, urnName } from "../plan/digest";
import { exceptionReason } from "../policyExceptions";
import { ALL_RULES } from "./rules";
import { PolicyRule, Violation } from "./types";

/** Applies every rule to every resource a digest creates or keeps; deleted resources are not checked. */
export function evaluate(digest: PreviewDigest, rules: readonly PolicyRule[] = ALL_RULES): Violation[] {
  const violations: Violation[] = [];
  for (const step of digest.steps) {
    const state = step.newState;
    if (!state || !state.custom || step.op === "delete" || step.op === "delete-replaced") continue;
    for (const rule of rules) {
      if (!rule.resourceTypes.includes(state.type)) continue;
      const resource = { type: state.type, name: urnName(state.urn), urn: state.urn, inputs: state.inputs, protect: state.protect };
      const exception = exceptionReason(state.inputs.tags, rule.id);
      for (const message of rule.check(resource)) {
        violations.push({ ruleId: rule.id, severity: rule.severity, title: rule.title, urn: state.urn, type: state.type, message, ...(exception ? { exception } : {}) });
      }
    }
  }
  return violations.sort((a, b) => a.urn.localeCompare(b.urn) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
}

/** Violations that fail a plan: mandatory, and not excepted by a written reason on the resource. */
export function blocking(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => v.severity === "mandatory" && v.exception === undefined);
}

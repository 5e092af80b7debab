import { StackRule } from "../stack";
import { STACK_RULE_TYPES } from "./types";

/** A type no rule looks at is a secure default nobody guards. */
export const cov01EveryTypeChecked: StackRule = {
  id: "COV-01",
  title: "Every deployed resource type is checked by at least one rule",
  enforcement: "advisory",
  severity: "low",
  remediation: "Add a rule for the new resource type in src/policy/rules, or explain in docs/policy.md why none applies.",
  resourceTypes: [],
  check: (resources, resourceRules) => {
    const covered = new Set([...resourceRules.flatMap((r) => r.resourceTypes), ...STACK_RULE_TYPES]);
    const seen = new Map<string, string>();
    for (const r of resources) if (!r.type.startsWith("pulumi:") && r.type.startsWith("azure-native:") && !covered.has(r.type) && !seen.has(r.type)) seen.set(r.type, r.urn);
    return [...seen].map(([type, urn]) => ({ urn, message: `no mcp-guard rule checks ${type}; add one in src/policy/rules/ or explain in docs/policy.md` }));
  },
};

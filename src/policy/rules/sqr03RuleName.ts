import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const sqr03RuleName: PolicyRule = {
  id: "SQR-03",
  title: "Alert rules with an identity have no ; in their name",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Remove ; from the rule's name; Azure rejects it on rules with an identity.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  check: ({ inputs }) => {
    const name = at(inputs, "ruleName");
    const identity = at(inputs, "identity.type");
    if (name === UNKNOWABLE || identity === UNKNOWABLE || identity === undefined || identity === "None") return [];
    return typeof name === "string" && name.includes(";") ? [`ruleName ${JSON.stringify(name)} contains ";"; Azure rejects it on a rule with a managed identity`] : [];
  },
};

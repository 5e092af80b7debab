import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const sqr09ActionableRule: PolicyRule = {
  id: "SQR-09",
  title: "Alert rules are enabled, scoped and page an action group",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Enable the rule, scope it to the audit workspace and give it at least one action group.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  check: ({ inputs }) => {
    const groups = at(inputs, "actions.actionGroups");
    const scopes = at(inputs, "scopes");
    const enabled = at(inputs, "enabled");
    return [
      ...(groups === UNKNOWABLE || list(groups).length > 0 ? [] : ["actions.actionGroups is empty; a rule that pages nobody is not an alert"]),
      ...(scopes === UNKNOWABLE || list(scopes).length > 0 ? [] : ["scopes is empty; scope the rule to the audit workspace"]),
      ...(enabled === UNKNOWABLE || enabled === true ? [] : [`enabled is ${JSON.stringify(enabled ?? "unset")}; set it to true (a rule turned off for an environment needs a written reason)`]),
    ];
  },
};

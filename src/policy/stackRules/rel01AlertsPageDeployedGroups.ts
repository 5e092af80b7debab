import { ofType, StackRule } from "../stack";

/** An alert that names an action group nobody deployed fires into the void. */
export const rel01AlertsPageDeployedGroups: StackRule = {
  id: "REL-01",
  title: "Every alert rule pages an action group of this stack and runs as its own identity",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Give the alert rule one of this stack's action groups and its own managed identity.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule", "azure-native:monitor:ActionGroup"],
  check: (resources) => {
    const groups = ofType(resources, "azure-native:monitor:ActionGroup");
    return ofType(resources, "azure-native:monitor:ScheduledQueryRule").flatMap((rule) => {
      const actions = rule.inputs.actions;
      const ids = typeof actions === "object" && actions !== null && "actionGroups" in actions && Array.isArray(actions.actionGroups) ? actions.actionGroups : [];
      const findings: { urn: string; message: string }[] = [];
      const known = (id: unknown) => groups.some((g) => rule.dependencies.includes(g.urn) && (typeof id !== "string" || typeof g.inputs.actionGroupName !== "string" || id.toLowerCase().endsWith(`/actiongroups/${g.inputs.actionGroupName.toLowerCase()}`)));
      const missing = ids.filter((id) => !known(id));
      if (ids.length === 0 || missing.length > 0) findings.push({ urn: rule.urn, message: `pages ${missing.length > 0 ? missing.map(String).join(", ") : "no action group"}; name action groups deployed in this stack` });
      const identity = rule.inputs.identity;
      if (!(typeof identity === "object" && identity !== null && "type" in identity && typeof identity.type === "string" && identity.type !== "None")) findings.push({ urn: rule.urn, message: "has no managed identity; it would run with the permissions of whoever deployed it last" });
      return findings;
    });
  },
};

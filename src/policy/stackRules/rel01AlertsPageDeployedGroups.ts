import { isUnknown } from "../../plan/digest";
import { at, UNKNOWABLE } from "../inputs";
import { ofType, StackResource, StackRule } from "../stack";

/** An alert that names an action group nobody deployed fires into the void. */
export const rel01AlertsPageDeployedGroups: StackRule = {
  id: "REL-01",
  title: "Every alert rule pages an action group of this stack and runs as its own identity",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Give the alert rule one of this stack's action groups and its own managed identity.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule", "azure-native:monitor:ActionGroup"],
  check: (resources) => {
    // Groups by URN, so each rule looks up the groups it depends on instead of testing every group.
    const groupsByUrn = new Map<string, StackResource[]>();
    for (const g of ofType(resources, "azure-native:monitor:ActionGroup")) groupsByUrn.set(g.urn, [...(groupsByUrn.get(g.urn) ?? []), g]);
    return ofType(resources, "azure-native:monitor:ScheduledQueryRule").flatMap((rule) => {
      const listed = at(rule.inputs, "actions.actionGroups");
      const findings: { urn: string; message: string }[] = [];
      const pagedGroups = [...new Set(rule.dependencies)].flatMap((d) => groupsByUrn.get(d) ?? []);
      const dependsOnGroup = pagedGroups.length > 0;
      // Before a stack's first deployment an action group's id is unknown (azure-native's preview has
      // none): the rule can then only tell from its dependencies that it pages a group of this stack.
      if (listed === UNKNOWABLE) {
        if (!dependsOnGroup) findings.push({ urn: rule.urn, message: "pages no action group of this stack; name action groups deployed in this stack" });
      }
      const ids = Array.isArray(listed) ? listed : [];
      const known = (id: unknown) =>
        pagedGroups.some((g) => isUnknown(id) || typeof id !== "string" || typeof g.inputs.actionGroupName !== "string" || id.toLowerCase().endsWith(`/actiongroups/${g.inputs.actionGroupName.toLowerCase()}`));
      const missing = ids.filter((id) => !known(id));
      if (listed !== UNKNOWABLE && (ids.length === 0 || missing.length > 0)) findings.push({ urn: rule.urn, message: `pages ${missing.length > 0 ? missing.map(String).join(", ") : "no action group"}; name action groups deployed in this stack` });
      const identity = at(rule.inputs, "identity.type");
      if (identity !== UNKNOWABLE && !(typeof identity === "string" && identity !== "None")) findings.push({ urn: rule.urn, message: "has no managed identity; it would run with the permissions of whoever deployed it last" });
      return findings;
    });
  },
};

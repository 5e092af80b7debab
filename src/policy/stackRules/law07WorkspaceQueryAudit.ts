import { ofType, pointingAt, StackRule } from "../stack";

export const law07WorkspaceQueryAudit: StackRule = {
  id: "LAW-07",
  title: "Every Log Analytics workspace audits who queries it (a diagnostic setting to a workspace)",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Add a diagnostic setting on the workspace that sends its query audit to a workspace.",
  resourceTypes: ["azure-native:operationalinsights:Workspace", "azure-native:monitor:DiagnosticSetting"],
  check: (resources) => {
    const settings = ofType(resources, "azure-native:monitor:DiagnosticSetting");
    return ofType(resources, "azure-native:operationalinsights:Workspace")
      .filter((w) => !pointingAt(settings, w, "resourceUri").some((d) => d.urn !== w.urn && d.dependencies.includes(w.urn)))
      .map((w) => ({ urn: w.urn, message: "has no diagnostic setting; add one with the audit category group so LAQueryLogs records who read the MCP audit data" }));
  },
};

import { propertyRule } from "../inputs";

export const diag07ToWorkspace = propertyRule({
  id: "DIAG-07",
  title: "Diagnostic settings send to a Log Analytics workspace",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set workspaceId on the diagnostic setting to the audit workspace.",
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  path: "workspaceId",
  ok: (v) => typeof v === "string" && /\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i.test(v),
  message: (v) => `workspaceId is ${v === undefined ? "unset" : JSON.stringify(v)}; send resource logs to the audit workspace, where queries and alerts can see them`,
});

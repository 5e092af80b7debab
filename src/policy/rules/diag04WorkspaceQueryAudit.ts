import { collects } from "../diagnosticCategories";
import { PolicyRule } from "../types";

export const diag04WorkspaceQueryAudit: PolicyRule = {
  id: "DIAG-04",
  title: "Log Analytics workspace diagnostic settings audit queries (LAQueryLogs)",
  severity: "advisory",
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  check: ({ inputs }) =>
    collects(inputs, /\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i, { groups: ["audit", "allLogs"], categories: ["Audit"] }) === false
      ? ["logs do not include the audit category group; enable it to record who queried the MCP audit data"]
      : [],
};

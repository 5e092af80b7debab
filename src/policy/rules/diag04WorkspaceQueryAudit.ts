import { collects } from "../diagnosticCategories";
import { PolicyRule } from "../types";

export const diag04WorkspaceQueryAudit: PolicyRule = {
  id: "DIAG-04",
  title: "Log Analytics workspace diagnostic settings audit queries (LAQueryLogs)",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Add a diagnostic setting on the workspace with the audit category group, so LAQueryLogs records who queried.",
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  check: ({ inputs }) =>
    collects(inputs, /\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i, { groups: ["audit", "allLogs"], categories: ["Audit"] }) === false
      ? ["logs do not include the audit category group; enable it to record who queried the MCP audit data"]
      : [],
};

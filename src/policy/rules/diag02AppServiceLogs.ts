import { collects } from "../diagnosticCategories";
import { PolicyRule } from "../types";

export const diag02AppServiceLogs: PolicyRule = {
  id: "DIAG-02",
  title: "App Service diagnostic settings collect all logs",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Add a diagnostic setting on the app with the allLogs category group to the audit workspace.",
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  check: ({ inputs }) =>
    collects(inputs, /\/providers\/microsoft\.web\/sites\/[^/]+$/i, { groups: ["allLogs"], categories: [] }) === false
      ? ["logs do not include allLogs; collect HTTP, console, app and audit logs of the gateway"]
      : [],
};

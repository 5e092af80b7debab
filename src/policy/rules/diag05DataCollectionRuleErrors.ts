import { collects } from "../diagnosticCategories";
import { PolicyRule } from "../types";

export const diag05DataCollectionRuleErrors: PolicyRule = {
  id: "DIAG-05",
  title: "Data collection rule diagnostic settings collect its error logs",
  enforcement: "advisory",
  severity: "low",
  remediation: "Add a diagnostic setting on the data collection rule with its error logs, so dropped records are visible.",
  resourceTypes: ["azure-native:monitor:DiagnosticSetting"],
  check: ({ inputs }) =>
    collects(inputs, /\/providers\/microsoft\.insights\/datacollectionrules\/[^/]+$/i, { groups: ["audit", "allLogs"], categories: ["LogErrors"] }) === false
      ? ["logs do not include allLogs; enable it so records the rule drops or rejects are visible"]
      : [],
};

import { propertyRule } from "../inputs";

export const sqr08QueryValidation = propertyRule({
  id: "SQR-08",
  title: "Alert rules never skip query validation",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set skipQueryValidation: false for rules on mcp-guard's own tables, so Azure checks the query at creation.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  path: "skipQueryValidation",
  ok: (v) => v === undefined || v === false,
  message: () => "skipQueryValidation is true; remove it so Azure checks the query when the rule is saved",
});

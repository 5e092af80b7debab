import { propertyRule, shown } from "../inputs";

export const sqr01LogAlertKind = propertyRule({
  id: "SQR-01",
  title: "Scheduled query rules are log search alerts (kind LogAlert)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Use kind LogAlert for scheduled query rules (the only kind mcp-guard deploys).",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  path: "kind",
  ok: (v) => v === "LogAlert",
  message: (v) => `kind is ${shown(v)}; set it to "LogAlert"`,
});

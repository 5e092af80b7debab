import { propertyRule, shown } from "../inputs";

export const tbl05AnalyticsPlan = propertyRule({
  id: "TBL-05",
  title: "The audit table is on the Analytics plan, so log search alerts can run on it",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set plan: \"Analytics\" on the audit table; log search alerts cannot run on Basic or Auxiliary tables.",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  path: "plan",
  ok: (v) => v === "Analytics",
  message: (v) => `plan is ${shown(v)}; set it to "Analytics" (Basic tables support only preview simple alerts, Auxiliary none, and Auxiliary is fixed at creation)`,
});

import { propertyRule, shown } from "../inputs";

export const law01NoLocalAuth = propertyRule({
  id: "LAW-01",
  title: "Log Analytics workspace accepts Entra tokens only (no shared-key ingestion or queries)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set features.disableLocalAuth: true, so only Entra tokens ingest and query.",
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  path: "features.disableLocalAuth",
  ok: (v) => v === true,
  message: (v) => `features.disableLocalAuth is ${shown(v)}; set it to true so only Entra-authenticated callers can send or read audit records`,
});

import { propertyRule, shown } from "../inputs";

export const law02NoPublicIngestion = propertyRule({
  id: "LAW-02",
  title: "Log Analytics workspace blocks ingestion from public networks",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set publicNetworkAccessForIngestion to \"Disabled\" and ingest through the private link scope.",
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  path: "publicNetworkAccessForIngestion",
  ok: (v) => v === "Disabled",
  message: (v) => `publicNetworkAccessForIngestion is ${shown(v)}; set it to "Disabled" and ingest through a private link scope (the workspace ignores the scope's access modes for ingestion)`,
});

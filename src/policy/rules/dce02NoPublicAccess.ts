import { propertyRule, shown } from "../inputs";

export const dce02NoPublicAccess = propertyRule({
  id: "DCE-02",
  title: "Data collection endpoint blocks public network access",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set networkAcls.publicNetworkAccess to \"Disabled\" on the data collection endpoint and ingest through the private link scope.",
  resourceTypes: ["azure-native:monitor:DataCollectionEndpoint"],
  path: "networkAcls.publicNetworkAccess",
  ok: (v) => v === "Disabled",
  message: (v) => `networkAcls.publicNetworkAccess is ${shown(v)}; set it to "Disabled" and reach the endpoint through the private link scope`,
});

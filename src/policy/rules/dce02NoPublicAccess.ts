import { propertyRule, shown } from "../inputs";

export const dce02NoPublicAccess = propertyRule({
  id: "DCE-02",
  title: "Data collection endpoint blocks public network access",
  severity: "mandatory",
  resourceTypes: ["azure-native:monitor:DataCollectionEndpoint"],
  path: "networkAcls.publicNetworkAccess",
  ok: (v) => v === "Disabled",
  message: (v) => `networkAcls.publicNetworkAccess is ${shown(v)}; set it to "Disabled" and reach the endpoint through the private link scope`,
});

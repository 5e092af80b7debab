import { propertyRule, shown } from "../inputs";

export const ampls02PrivateOnlyQuery = propertyRule({
  id: "AMPLS-02",
  title: "Azure Monitor private link scope allows queries only through private link",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Set accessModeSettings.queryAccessMode to \"PrivateOnly\" once every analyst queries from the private network.",
  resourceTypes: ["azure-native:monitor:PrivateLinkScope"],
  path: "accessModeSettings.queryAccessMode",
  ok: (v) => v === "PrivateOnly",
  message: (v) => `accessModeSettings.queryAccessMode is ${shown(v)}; set it to "PrivateOnly" once every workspace the network queries is in the scope`,
});

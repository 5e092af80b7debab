import { propertyRule, shown } from "../inputs";

export const ampls01PrivateOnlyIngestion = propertyRule({
  id: "AMPLS-01",
  title: "Azure Monitor private link scope allows ingestion only through private link",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set accessModeSettings.ingestionAccessMode to \"PrivateOnly\" on the private link scope (prod does by default).",
  resourceTypes: ["azure-native:monitor:PrivateLinkScope"],
  path: "accessModeSettings.ingestionAccessMode",
  ok: (v) => v === "PrivateOnly",
  message: (v) => `accessModeSettings.ingestionAccessMode is ${shown(v)}; set it to "PrivateOnly"`,
});

import { propertyRule, shown } from "../inputs";

export const ampls01PrivateOnlyIngestion = propertyRule({
  id: "AMPLS-01",
  title: "Azure Monitor private link scope allows ingestion only through private link",
  severity: "mandatory",
  resourceTypes: ["azure-native:monitor:PrivateLinkScope"],
  path: "accessModeSettings.ingestionAccessMode",
  ok: (v) => v === "PrivateOnly",
  message: (v) => `accessModeSettings.ingestionAccessMode is ${shown(v)}; set it to "PrivateOnly"`,
});

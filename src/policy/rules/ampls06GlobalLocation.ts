import { propertyRule, shown } from "../inputs";

export const ampls06GlobalLocation = propertyRule({
  id: "AMPLS-06",
  title: "Azure Monitor private link scope is a global resource",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Set the private link scope's location to \"global\"; Azure creates it only there.",
  resourceTypes: ["azure-native:monitor:PrivateLinkScope"],
  path: "location",
  ok: (v) => typeof v === "string" && v.toLowerCase() === "global",
  message: (v) => `location is ${shown(v)}; set it to "global"`,
});

import { propertyRule, shown } from "../inputs";

export const ampls06GlobalLocation = propertyRule({
  id: "AMPLS-06",
  title: "Azure Monitor private link scope is a global resource",
  severity: "mandatory",
  resourceTypes: ["azure-native:monitor:PrivateLinkScope"],
  path: "location",
  ok: (v) => typeof v === "string" && v.toLowerCase() === "global",
  message: (v) => `location is ${shown(v)}; set it to "global"`,
});

import { propertyRule, shown } from "../inputs";

export const pe04ResolveOnlyLinks = propertyRule({
  id: "PE-04",
  title: "Private DNS zone links resolve only (no auto-registration)",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Set registrationEnabled: false on the zone's virtual network link.",
  resourceTypes: ["azure-native:privatedns:VirtualNetworkLink"],
  path: "registrationEnabled",
  ok: (v) => v === false,
  message: (v) => `registrationEnabled is ${shown(v)}; set it to false so only private endpoints write records in the zone`,
});

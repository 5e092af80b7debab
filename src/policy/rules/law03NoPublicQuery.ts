import { propertyRule, shown } from "../inputs";

export const law03NoPublicQuery = propertyRule({
  id: "LAW-03",
  title: "Log Analytics workspace blocks queries from public networks",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Set publicNetworkAccessForQuery to \"Disabled\" once analysts query from the private network.",
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  path: "publicNetworkAccessForQuery",
  ok: (v) => v === "Disabled",
  message: (v) => `publicNetworkAccessForQuery is ${shown(v)}; set it to "Disabled" and query through the private link scope`,
});

import { propertyRule, shown } from "../inputs";

export const ss07QueryLanguageVersion = propertyRule({
  id: "SS-07",
  title: "Saved searches pin query language version 2",
  enforcement: "advisory",
  severity: "low",
  remediation: "Set version: 2 on the saved search.",
  resourceTypes: ["azure-native:operationalinsights:SavedSearch"],
  path: "version",
  ok: (v) => v === 2,
  message: (v) => `version is ${shown(v)}; set it to 2`,
});

import { propertyRule, shown } from "../inputs";

export const law06AccessModeExplicit = propertyRule({
  id: "LAW-06",
  title: "Log Analytics workspace access-control mode is chosen explicitly",
  enforcement: "advisory",
  severity: "low",
  remediation: "Set features.enableLogAccessUsingOnlyResourcePermissions explicitly (true for resource-context access).",
  resourceTypes: ["azure-native:operationalinsights:Workspace"],
  path: "features.enableLogAccessUsingOnlyResourcePermissions",
  ok: (v) => typeof v === "boolean",
  message: (v) => `features.enableLogAccessUsingOnlyResourcePermissions is ${shown(v)}; set it explicitly (false: custom _CL tables have no _ResourceId, so readers need workspace or table roles)`,
});

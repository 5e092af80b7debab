import { propertyRule, shown } from "../inputs";

export const sqr02ManagedIdentity = propertyRule({
  id: "SQR-02",
  title: "Alert rules run as their own managed identity, never as whoever deployed them",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Give the rule a system-assigned identity and grant it Log Analytics Reader on the workspace (McpAlerts does).",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  path: "identity.type",
  ok: (v) => v === "SystemAssigned" || v === "UserAssigned",
  message: (v) => `identity.type is ${shown(v)}; give the rule a SystemAssigned or UserAssigned identity with Log Analytics Reader on the workspace (without one it runs with the last deployer's permissions)`,
});

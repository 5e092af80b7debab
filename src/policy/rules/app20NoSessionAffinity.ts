import { propertyRule, shown } from "../inputs";

export const app20NoSessionAffinity = propertyRule({
  id: "APP-20",
  title: "ARR affinity is off unless the gateway keeps MCP sessions in memory",
  enforcement: "advisory",
  severity: "low",
  remediation: "Set clientAffinityEnabled: false unless the gateway keeps MCP sessions in process memory.",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "clientAffinityEnabled",
  ok: (v) => v === false,
  message: (v) => `clientAffinityEnabled is ${shown(v)}; set it to false unless MCP sessions live in one instance's memory`,
});

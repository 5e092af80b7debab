import { propertyRule, shown } from "../inputs";

export const app08NoRemoteDebugging = propertyRule({
  id: "APP-08",
  title: "Remote debugging is off on the gateway app",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Set siteConfig.remoteDebuggingEnabled: false.",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "siteConfig.remoteDebuggingEnabled",
  ok: (v) => v === false,
  message: (v) => `siteConfig.remoteDebuggingEnabled is ${shown(v)}; set it to false`,
});

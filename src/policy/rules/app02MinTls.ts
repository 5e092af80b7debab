import { propertyRule, shown } from "../inputs";

export const app02MinTls = propertyRule({
  id: "APP-02",
  title: "The gateway app requires TLS 1.2 or later (1.3 preferred)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Set siteConfig.minTlsVersion to \"1.3\" (or at least \"1.2\"), as the guide asks of HTTP transports.",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "siteConfig.minTlsVersion",
  ok: (v) => v === "1.2" || v === "1.3",
  message: (v) => `siteConfig.minTlsVersion is ${shown(v)}; set it to "1.3" (or "1.2" at least)`,
});

import { propertyRule, shown } from "../inputs";

export const app06NoFtp = propertyRule({
  id: "APP-06",
  title: "The gateway app has FTP disabled",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Set siteConfig.ftpsState to \"Disabled\".",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "siteConfig.ftpsState",
  ok: (v) => v === "Disabled" || v === "FtpsOnly",
  message: (v) => `siteConfig.ftpsState is ${shown(v)}; set it to "Disabled"`,
});

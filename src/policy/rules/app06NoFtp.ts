import { propertyRule, shown } from "../inputs";

export const app06NoFtp = propertyRule({
  id: "APP-06",
  title: "The gateway app has FTP disabled",
  severity: "mandatory",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "siteConfig.ftpsState",
  ok: (v) => v === "Disabled" || v === "FtpsOnly",
  message: (v) => `siteConfig.ftpsState is ${shown(v)}; set it to "Disabled"`,
});

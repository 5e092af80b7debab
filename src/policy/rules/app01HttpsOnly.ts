import { propertyRule, shown } from "../inputs";

export const app01HttpsOnly = propertyRule({
  id: "APP-01",
  title: "The gateway app accepts HTTPS only",
  severity: "mandatory",
  resourceTypes: ["azure-native:web:WebApp"],
  path: "httpsOnly",
  ok: (v) => v === true,
  message: (v) => `httpsOnly is ${shown(v)}; set it to true`,
});

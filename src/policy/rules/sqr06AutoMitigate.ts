import { propertyRule, shown } from "../inputs";

export const sqr06AutoMitigate = propertyRule({
  id: "SQR-06",
  title: "Alert rules are stateful (resolve themselves)",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Set autoMitigate: true, so a fired alert resolves itself when the condition clears.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  path: "autoMitigate",
  ok: (v) => v === true,
  message: (v) => `autoMitigate is ${shown(v)}; set it to true so a fired alert resolves when the condition clears`,
});

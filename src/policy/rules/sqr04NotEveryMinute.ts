import { durationMinutes } from "../../kql/alerts";
import { propertyRule, shown } from "../inputs";

export const sqr04NotEveryMinute = propertyRule({
  id: "SQR-04",
  title: "Alert rules evaluate every 5 minutes or less often",
  severity: "advisory",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  path: "evaluationFrequency",
  ok: (v) => typeof v === "string" && (durationMinutes(v) ?? 0) >= 5,
  message: (v) => `evaluationFrequency is ${shown(v)}; use PT5M or more unless one-minute detection is worth its cost, quota and query restrictions`,
});

import { durationMinutes } from "../../kql/alerts";
import { propertyRule, shown } from "../inputs";

export const sqr04NotEveryMinute = propertyRule({
  id: "SQR-04",
  title: "Alert rules evaluate every 5 minutes or less often",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Set evaluationFrequency to PT5M or longer; one-minute rules cost more and reject some queries.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  path: "evaluationFrequency",
  ok: (v) => typeof v === "string" && (durationMinutes(v) ?? 0) >= 5,
  message: (v) => `evaluationFrequency is ${shown(v)}; use PT5M or more unless one-minute detection is worth its cost, quota and query restrictions`,
});

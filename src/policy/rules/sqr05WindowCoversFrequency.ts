import { durationMinutes } from "../../kql/alerts";
import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const sqr05WindowCoversFrequency: PolicyRule = {
  id: "SQR-05",
  title: "Alert windows cover the evaluation frequency and stay within 2 days",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Make windowSize at least evaluationFrequency and at most P2D, so no record falls between evaluations.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  check: ({ inputs }) => {
    const freq = at(inputs, "evaluationFrequency");
    const window = at(inputs, "windowSize");
    if (freq === UNKNOWABLE || window === UNKNOWABLE) return [];
    const f = typeof freq === "string" ? durationMinutes(freq) : undefined;
    const w = typeof window === "string" ? durationMinutes(window) : undefined;
    if (f === undefined || w === undefined) return [`evaluationFrequency ${JSON.stringify(freq ?? "unset")} and windowSize ${JSON.stringify(window ?? "unset")} must both be ISO 8601 durations`];
    return [
      ...(w < f ? [`windowSize ${window} is shorter than evaluationFrequency ${freq}; records between windows are never evaluated`] : []),
      ...(w > 2880 ? [`windowSize ${window} is longer than P2D, the longest time range a log alert can query`] : []),
    ];
  },
};

import { durationMinutes } from "../../kql/alerts";
import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const sqr07MuteOnlyStateless: PolicyRule = {
  id: "SQR-07",
  title: "Muted actions only on stateless rules, for at least one evaluation period",
  enforcement: "mandatory",
  severity: "medium",
  remediation: "Mute actions only on stateless rules (autoMitigate false), for at least one evaluation period.",
  resourceTypes: ["azure-native:monitor:ScheduledQueryRule"],
  check: ({ inputs }) => {
    const mute = at(inputs, "muteActionsDuration");
    const auto = at(inputs, "autoMitigate");
    const freq = at(inputs, "evaluationFrequency");
    if (mute === undefined || [mute, auto, freq].includes(UNKNOWABLE)) return [];
    return [
      ...(auto !== false ? ["muteActionsDuration is set on a stateful rule; set autoMitigate to false or remove the mute (Azure rejects the combination)"] : []),
      ...(typeof mute === "string" && typeof freq === "string" && (durationMinutes(mute) ?? 0) < (durationMinutes(freq) ?? 0) ? [`muteActionsDuration ${mute} is shorter than evaluationFrequency ${freq}`] : []),
    ];
  },
};

import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const ag01GlobalEnabled: PolicyRule = {
  id: "AG-01",
  title: "Action groups are global and enabled",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Leave the action group's location \"Global\" and enabled: true; McpSecurityActionGroup sets both, so remove any override that changes them.",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) => {
    const location = at(inputs, "location");
    const enabled = at(inputs, "enabled");
    return [
      ...(location === UNKNOWABLE || (typeof location === "string" && location.toLowerCase() === "global") ? [] : [`location is ${JSON.stringify(location ?? "unset")}; set it to "global"`]),
      ...(enabled === UNKNOWABLE || enabled === true ? [] : [`enabled is ${JSON.stringify(enabled ?? "unset")}; set it to true, or the group pages nobody`]),
    ];
  },
};

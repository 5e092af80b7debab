import { webhookUriProblem } from "../../network";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/** Credentials in the URI are AG-05's; this rule is about where the call can go. */
export const ag06PublicHttpsWebhook: PolicyRule = {
  id: "AG-06",
  title: "Action group webhooks target public HTTPS endpoints (Azure Monitor cannot reach private ones)",
  severity: "mandatory",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) => {
    const hooks = at(inputs, "webhookReceivers");
    if (hooks === UNKNOWABLE) return [];
    return list(hooks).flatMap((h, i) => {
      const uri = at({ h }, "h.serviceUri");
      if (typeof uri !== "string") return [];
      const problem = webhookUriProblem(uri);
      return problem && !problem.startsWith("the URI carries credentials") ? [`webhookReceivers[${i}].serviceUri: ${problem}`] : [];
    });
  },
};

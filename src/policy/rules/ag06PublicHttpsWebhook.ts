import { webhookUriProblem } from "../../network";
import { entries } from "../inputs";
import { PolicyRule } from "../types";

/** Credentials in the URI are AG-05's; this rule is about where the call can go. */
export const ag06PublicHttpsWebhook: PolicyRule = {
  id: "AG-06",
  title: "Action group webhooks target public HTTPS endpoints (Azure Monitor cannot reach private ones)",
  severity: "mandatory",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) =>
    entries(inputs, "webhookReceivers").flatMap((h) => {
      const uri = h.get("serviceUri");
      const problem = typeof uri === "string" ? webhookUriProblem(uri) : undefined;
      return problem && !problem.startsWith("the URI carries credentials") ? [`webhookReceivers[${h.index}].serviceUri: ${problem}`] : [];
    }),
};

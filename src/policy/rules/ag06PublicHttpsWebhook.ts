import { webhookTargetProblem } from "../../network";
import { entries } from "../inputs";
import { PolicyRule } from "../types";

export const ag06PublicHttpsWebhook: PolicyRule = {
  id: "AG-06",
  title: "Action group webhooks target public HTTPS endpoints (Azure Monitor cannot reach private ones)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Point the webhook at a public HTTPS endpoint Azure Monitor can reach; private addresses and plain HTTP never deliver a page.",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) =>
    entries(inputs, "webhookReceivers").flatMap((h) => {
      const uri = h.get("serviceUri");
      const problem = typeof uri === "string" ? webhookTargetProblem(uri) : undefined;
      return problem ? [`webhookReceivers[${h.index}].serviceUri: ${problem}`] : [];
    }),
};

import { webhookCredentialsProblem } from "../../network";
import { entries } from "../inputs";
import { PolicyRule } from "../types";

export const ag05NoCredentialsInWebhookUri: PolicyRule = {
  id: "AG-05",
  title: "Action group webhook URIs carry no credentials",
  severity: "mandatory",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) =>
    entries(inputs, "webhookReceivers").flatMap((h) => {
      const uri = h.get("serviceUri");
      return typeof uri === "string" && webhookCredentialsProblem(uri) ? [`webhookReceivers[${h.index}].serviceUri carries credentials (user info or a query string); use a secure webhook (value not shown)`] : [];
    }),
};

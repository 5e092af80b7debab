import { webhookCredentialsProblem } from "../../network";
import { entries } from "../inputs";
import { PolicyRule } from "../types";

export const ag05NoCredentialsInWebhookUri: PolicyRule = {
  id: "AG-05",
  title: "Action group webhook URIs carry no credentials",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Remove the credential from the webhook URI (query string or user info) and authenticate with Entra instead (secure webhook); rotate the exposed credential.",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) =>
    entries(inputs, "webhookReceivers").flatMap((h) => {
      const uri = h.get("serviceUri");
      return typeof uri === "string" && webhookCredentialsProblem(uri) ? [`webhookReceivers[${h.index}].serviceUri carries credentials (user info or a query string); use a secure webhook (value not shown)`] : [];
    }),
};

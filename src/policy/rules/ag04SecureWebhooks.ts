import { entries, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const FIELDS = ["objectId", "identifierUri", "tenantId"];

export const ag04SecureWebhooks: PolicyRule = {
  id: "AG-04",
  title: "Action group webhooks are secure webhooks (Entra-authenticated)",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Make each webhook a secure webhook: set useAadAuth: true with the Entra application's objectId and identifierUri (alertWebhooks in stack config).",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) =>
    entries(inputs, "webhookReceivers").flatMap((h) => {
      if (h.get("useAadAuth") !== true) return [`webhookReceivers[${h.index}].useAadAuth is not true; make it a secure webhook so Azure Monitor presents an Entra token instead of a secret in the URI`];
      const missing = FIELDS.filter((f) => { const v = h.get(f); return v !== UNKNOWABLE && (typeof v !== "string" || v.length === 0); });
      return missing.length > 0 ? [`webhookReceivers[${h.index}] has no ${missing.join(", ")}; a secure webhook names the target app registration and tenant`] : [];
    }),
};

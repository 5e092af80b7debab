import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const ag05NoCredentialsInWebhookUri: PolicyRule = {
  id: "AG-05",
  title: "Action group webhook URIs carry no credentials",
  severity: "mandatory",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) => {
    const hooks = at(inputs, "webhookReceivers");
    if (hooks === UNKNOWABLE) return [];
    return list(hooks).flatMap((h, i) => {
      const uri = at({ h }, "h.serviceUri");
      if (typeof uri !== "string") return [];
      try {
        const url = new URL(uri);
        return url.username || url.password || url.search ? [`webhookReceivers[${i}].serviceUri carries credentials (user info or a query string); use a secure webhook (value not shown)`] : [];
      } catch {
        return [`webhookReceivers[${i}].serviceUri is not a URL`];
      }
    });
  },
};

import { entries } from "../inputs";
import { PolicyRule } from "../types";

const RECEIVERS = ["emailReceivers", "webhookReceivers", "logicAppReceivers"];

export const ag03CommonAlertSchema: PolicyRule = {
  id: "AG-03",
  title: "Action group receivers use the common alert schema",
  enforcement: "advisory",
  severity: "low",
  remediation: "Set useCommonAlertSchema: true on every email, webhook and Logic App receiver so responders and automation read one payload shape.",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) =>
    RECEIVERS.flatMap((key) =>
      entries(inputs, key).flatMap((r) => (r.get("useCommonAlertSchema") === true ? [] : [`${key}[${r.index}].useCommonAlertSchema is not true; set it so every alert arrives in one format`])),
    ),
};

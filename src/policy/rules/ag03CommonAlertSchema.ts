import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

const RECEIVERS = ["emailReceivers", "webhookReceivers", "logicAppReceivers"];

export const ag03CommonAlertSchema: PolicyRule = {
  id: "AG-03",
  title: "Action group receivers use the common alert schema",
  severity: "advisory",
  resourceTypes: ["azure-native:monitor:ActionGroup"],
  check: ({ inputs }) =>
    RECEIVERS.flatMap((key) => {
      const receivers = at(inputs, key);
      if (receivers === UNKNOWABLE) return [];
      return list(receivers).flatMap((r, i) => (at({ r }, "r.useCommonAlertSchema") === true ? [] : [`${key}[${i}].useCommonAlertSchema is not true; set it so every alert arrives in one format`]));
    }),
};

import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const tbl06ExplicitRetention: PolicyRule = {
  id: "TBL-06",
  title: "The audit table sets interactive and total retention explicitly",
  severity: "advisory",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  check: ({ inputs }) =>
    ["retentionInDays", "totalRetentionInDays"].flatMap((key) => {
      const v = at(inputs, key);
      return v === UNKNOWABLE || (typeof v === "number" && v > 0) ? [] : [`${key} is ${JSON.stringify(v ?? "unset")}; set a number of days so the audit evidence's lifetime is explicit (-1 inherits silently)`];
    }),
};

import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const tbl06ExplicitRetention: PolicyRule = {
  id: "TBL-06",
  title: "The audit table sets interactive and total retention explicitly",
  enforcement: "advisory",
  severity: "medium",
  remediation: "Set retentionInDays and totalRetentionInDays on the table (auditRetentionDays in stack config).",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  parameters: {
    // The Tables API accepts 4-730 interactive and up to 4383 total days (operationalInsights Tables_CreateOrUpdate, 2023-09-01).
    minimumTotalRetentionDays: { type: "integer", description: "The shortest total retention (interactive plus long-term) the audit table may keep, in days.", default: 4, minimum: 4, maximum: 4383 },
  },
  check: ({ inputs }, p) =>
    ["retentionInDays", "totalRetentionInDays"].flatMap((key) => {
      const v = at(inputs, key);
      if (v === UNKNOWABLE) return [];
      if (!(typeof v === "number" && v > 0)) return [`${key} is ${JSON.stringify(v ?? "unset")}; set a number of days so the audit evidence's lifetime is explicit (-1 inherits silently)`];
      return key === "totalRetentionInDays" && v < p.minimumTotalRetentionDays ? [`totalRetentionInDays is ${v}; keep the audit evidence at least ${p.minimumTotalRetentionDays} days (the pack's minimumTotalRetentionDays)`] : [];
    }),
};

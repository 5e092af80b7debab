import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const tbl02TimeGenerated: PolicyRule = {
  id: "TBL-02",
  title: "A custom table has a TimeGenerated column of type dateTime",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Declare TimeGenerated of type dateTime in the table's schema (src/schema/mcpServerLogs.ts).",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  check: ({ inputs }) => {
    const columns = at(inputs, "schema.columns");
    if (columns === undefined || columns === UNKNOWABLE) return [];
    const ok = list(columns).some((c) => at({ c }, "c.name") === "TimeGenerated" && at({ c }, "c.type") === "dateTime");
    return ok ? [] : ['schema.columns has no {name: "TimeGenerated", type: "dateTime"}; every table needs it, and alerts window on it'];
  },
};

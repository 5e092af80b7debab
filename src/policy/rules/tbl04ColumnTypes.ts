import { COLUMN_TYPES } from "../../schema/mcpServerLogs";
import { entries, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const tbl04ColumnTypes: PolicyRule = {
  id: "TBL-04",
  title: "Custom table column types come from the Tables API's set",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Use one of the Tables API's column types: boolean, dateTime, dynamic, guid, int, long, real, string.",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  check: ({ inputs }) =>
    entries(inputs, "schema.columns").flatMap((c) => {
      const type = c.get("type");
      if (type === UNKNOWABLE || COLUMN_TYPES.some((t) => t === type)) return [];
      return [`schema.columns[${c.index}].type is ${JSON.stringify(type ?? "unset")}; allowed ${COLUMN_TYPES.join(", ")}`];
    }),
};

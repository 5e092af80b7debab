import { COLUMN_TYPES } from "../../schema/mcpServerLogs";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const tbl04ColumnTypes: PolicyRule = {
  id: "TBL-04",
  title: "Custom table column types come from the Tables API's set",
  severity: "mandatory",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  check: ({ inputs }) => {
    const columns = at(inputs, "schema.columns");
    if (columns === undefined || columns === UNKNOWABLE) return [];
    return list(columns).flatMap((c, i) => {
      const type = at({ c }, "c.type");
      if (type === UNKNOWABLE || COLUMN_TYPES.some((t) => t === type)) return [];
      return [`schema.columns[${i}].type is ${JSON.stringify(type ?? "unset")}; allowed ${COLUMN_TYPES.join(", ")}`];
    });
  },
};

import { columnNameProblem } from "../../schema/mcpServerLogs";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const tbl03ColumnNames: PolicyRule = {
  id: "TBL-03",
  title: "Custom table column names are valid and not reserved",
  severity: "mandatory",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  check: ({ inputs }) => {
    const columns = at(inputs, "schema.columns");
    if (columns === undefined || columns === UNKNOWABLE) return [];
    return list(columns).flatMap((c, i) => {
      const name = at({ c }, "c.name");
      if (name === UNKNOWABLE) return [];
      const problem = typeof name === "string" ? columnNameProblem(name) : "is unset";
      return problem ? [`schema.columns[${i}].name: ${problem}`] : [];
    });
  },
};

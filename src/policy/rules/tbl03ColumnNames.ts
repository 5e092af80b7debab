import { columnNameProblem } from "../../schema/mcpServerLogs";
import { entries, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const tbl03ColumnNames: PolicyRule = {
  id: "TBL-03",
  title: "Custom table column names are valid and not reserved",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Rename the column: a letter first, at most 45 letters, digits or underscores, and none of the reserved names.",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  check: ({ inputs }) =>
    entries(inputs, "schema.columns").flatMap((c) => {
      const name = c.get("name");
      if (name === UNKNOWABLE) return [];
      const problem = typeof name === "string" ? columnNameProblem(name) : "is unset";
      return problem ? [`schema.columns[${c.index}].name: ${problem}`] : [];
    }),
};

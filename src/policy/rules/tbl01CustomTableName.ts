import { at, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

export const tbl01CustomTableName: PolicyRule = {
  id: "TBL-01",
  title: "A custom table's name ends in _CL and matches its schema name",
  enforcement: "mandatory",
  severity: "high",
  remediation: "Name the table <name>_CL and give its schema the same name.",
  resourceTypes: ["azure-native:operationalinsights:Table"],
  check: ({ inputs }) => {
    const name = at(inputs, "tableName");
    const schemaName = at(inputs, "schema.name");
    if (at(inputs, "schema") === undefined || name === UNKNOWABLE || schemaName === UNKNOWABLE) return [];
    const problems: string[] = [];
    if (typeof name !== "string" || !name.endsWith("_CL")) problems.push(`tableName is ${JSON.stringify(name ?? "unset")}; a custom table's name must end in _CL`);
    if (schemaName !== name) problems.push(`schema.name is ${JSON.stringify(schemaName ?? "unset")}; it must equal tableName ${JSON.stringify(name ?? "unset")}`);
    return problems;
  },
};

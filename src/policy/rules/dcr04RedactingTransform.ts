import { dcrTransformProblems } from "../../kql/dcrTransform";
import { isRecord } from "../../plan/digest";
import { ColumnType, COLUMN_TYPES } from "../../schema/mcpServerLogs";
import { at, list, UNKNOWABLE } from "../inputs";
import { PolicyRule } from "../types";

/** DCR stream declarations spell dateTime `datetime`; everything else matches the Tables API. */
function columnType(t: unknown): ColumnType {
  const type = t === "datetime" ? "dateTime" : t;
  return COLUMN_TYPES.find((c) => c === type) ?? "string";
}

/**
 * Every custom data flow transforms what it stores: valid KQL inside the DCR subset, a TimeGenerated
 * column, and ErrorMessage rewritten (redacted) before storage whenever the stream carries one.
 */
export const dcr04RedactingTransform: PolicyRule = {
  id: "DCR-04",
  title: "Data collection rule transforms custom streams within the DCR KQL subset and redacts error messages",
  enforcement: "mandatory",
  severity: "critical",
  remediation: "Keep the DCR transform within the DCR KQL subset and keep the ErrorMessage redaction from src/kql/dcrTransform.ts.",
  resourceTypes: ["azure-native:monitor:DataCollectionRule"],
  check: ({ inputs }) => {
    const declarations = at(inputs, "streamDeclarations");
    const flows = at(inputs, "dataFlows");
    if (declarations === UNKNOWABLE || flows === UNKNOWABLE || !isRecord(declarations)) return [];
    return list(flows).flatMap((flow, i) => {
      const stream = list(at({ flow }, "flow.streams")).find((s): s is string => typeof s === "string" && s in declarations);
      const kql = at({ flow }, "flow.transformKql");
      if (stream === undefined || kql === UNKNOWABLE) return [];
      if (typeof kql !== "string" || kql.trim() === "" || kql.trim() === "source") {
        return [`dataFlows[${i}].transformKql is ${JSON.stringify(kql ?? "unset")}; transform the stream so credentials never reach the table (see src/schema/redaction.ts)`];
      }
      const columns = list(at({ declarations }, `declarations.${stream}.columns`)).map((c) => ({ name: String(at({ c }, "c.name")), type: columnType(at({ c }, "c.type")) }));
      const problems = dcrTransformProblems(kql, columns).map((p) => `dataFlows[${i}].${p}`);
      if (columns.some((c) => c.name === "ErrorMessage") && !/\bextend\s+ErrorMessage\s*=/.test(kql)) {
        problems.push(`dataFlows[${i}].transformKql stores ErrorMessage as sent; redact credential-shaped strings from it before storage`);
      }
      return problems;
    });
  },
};

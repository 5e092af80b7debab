import { ColumnType, KQL_TYPE } from "../schema/mcpServerLogs";
import { analyzeCached } from "./analysisCache";
import { lineCol } from "./kusto";

/*
 * DCR transformations run per record and accept only a documented subset of KQL
 * (MicrosoftDocs/azure-monitor-docs, articles/azure-monitor/data-collection/data-collection-transformations-kql.md).
 * Azure rejects anything else when the DCR is deployed; checking here moves that failure to the plan.
 */

/** Tabular operators a transformation may use. */
export const DCR_OPERATORS = ["extend", "project", "print", "where", "parse", "project-away", "project-rename", "datatable"];

/** Scalar functions a transformation may use, as the supported-features page lists them. */
export const DCR_FUNCTIONS = [
  "binary_and", "binary_or", "binary_not", "binary_shift_left", "binary_shift_right", "binary_xor",
  "tobool", "todatetime", "todouble", "toreal", "toguid", "toint", "tolong", "tostring", "totimespan",
  "ago", "datetime_add", "datetime_diff", "datetime_part", "dayofmonth", "dayofweek", "dayofyear", "endofday", "endofmonth", "endofweek", "endofyear",
  "getmonth", "getyear", "hourofday", "make_datetime", "make_timespan", "now", "startofday", "startofmonth", "startofweek", "startofyear", "weekofyear",
  "array_concat", "array_length", "pack_array", "pack", "parse_json", "parse_xml", "zip",
  "abs", "bin", "floor", "ceiling", "exp", "exp10", "exp2", "isfinite", "isinf", "isnan", "log", "log10", "log2", "pow", "round", "sign",
  "case", "iif", "max_of", "min_of",
  "base64_encodestring", "base64_decodestring", "countof", "extract", "extract_all", "indexof", "isempty", "isnotempty", "split", "strcat", "strcat_delim",
  "strlen", "substring", "tolower", "toupper", "hash_sha256",
  "gettype", "isnotnull", "isnull",
  "columnifexists", "parse_cef_dictionary", "geo_location",
];

/**
 * Problems with a DCR transformation, each as `transformKql:<line>:<col>: <message>`: KQL errors
 * against the input stream (the virtual table `source`), operators and functions outside the DCR
 * subset, an output without TimeGenerated, and (given the destination table) output columns the table
 * lacks or types differently.
 */
export function dcrTransformProblems(
  kql: string,
  input: readonly { name: string; type: ColumnType }[],
  output?: readonly { name: string; type: ColumnType }[],
): string[] {
  const at = (offset: number) => {
    const { line, col } = lineCol(kql, offset);
    return `transformKql:${line}:${col}`;
  };
  const analysis = analyzeCached(kql, { tables: [{ name: "source", columns: input }] });
  const problems = analysis.diagnostics.filter((d) => d.severity === "Error").map((d) => `${at(d.start)}: ${d.code} ${d.message}`);
  for (const op of analysis.operators) {
    if (!DCR_OPERATORS.includes(op.keyword)) problems.push(`${at(op.start)}: operator ${op.keyword} is not supported in DCR transformations; allowed ${DCR_OPERATORS.join(", ")}`);
  }
  for (const call of analysis.functionCalls) {
    if (!DCR_FUNCTIONS.includes(call.name)) problems.push(`${at(call.start)}: function ${call.name}() is not supported in DCR transformations`);
  }
  if (!analysis.resultColumns.some((c) => c.name === "TimeGenerated" && c.type === "datetime")) {
    problems.push("transformKql: the output has no TimeGenerated datetime column");
  }
  if (!output) return problems;
  const table = new Map(output.map((c) => [c.name, KQL_TYPE[c.type]]));
  for (const column of analysis.resultColumns) {
    const expected = table.get(column.name);
    if (expected === undefined) problems.push(`transformKql: output column ${column.name} is not in the destination table`);
    else if (expected !== column.type) problems.push(`transformKql: output column ${column.name} is ${column.type}; the destination table has ${expected}`);
  }
  return problems;
}

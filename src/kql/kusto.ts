/// <reference types="@kusto/language-service-next" />
import { createRequire } from "node:module";
import { ColumnType, kqlSchema } from "../schema/mcpServerLogs";

type K = typeof Kusto.Language;
const load = createRequire(__filename);

/**
 * Microsoft's Kusto.Language compiled to JavaScript installs the global `Kusto` (the Bridge.NET runtime
 * first). Loaded on first use, and only once per process: a second load throws "already defined".
 * The minified builds load in a third of the time of the full ones and behave the same. Exported for
 * the KQL engine, which walks the same syntax trees.
 */
export function kusto(): K {
  if (typeof Kusto === "undefined") {
    load("@kusto/language-service-next/bridge.min.js");
    load("@kusto/language-service-next/Kusto.Language.Bridge.min.js");
  }
  return Kusto.Language;
}

/** A table the analyzer should know: its columns come from a schema definition, never typed twice. */
export interface KqlTable {
  name: string;
  columns: readonly { name: string; type: ColumnType }[];
}

/** A stored function, such as the saved search `MCPServerLogs`. */
export interface KqlFunction {
  name: string;
  /** `(lookback:timespan = 1h)`, or `()` for none. */
  parameters: string;
  body: string;
}

export interface KqlDiagnostic {
  code: string;
  message: string;
  /** Offset and length in the analysed text. */
  start: number;
  length: number;
  severity: string;
}

export interface KqlColumn {
  name: string;
  /** KQL type name (string, long, datetime, ...). */
  type: string;
}

export interface KqlAnalysis {
  diagnostics: KqlDiagnostic[];
  /** Columns of the query's result, when it is tabular. */
  resultColumns: KqlColumn[];
  /** Every query operator (`extend`, `summarize`, ...) and function call, with where it starts. */
  /** `hasBy`: for summarize, whether it groups (`by ...`); a summarize without it yields one row. */
  operators: { keyword: string; start: number; hasBy?: boolean }[];
  functionCalls: { name: string; start: number }[];
  /** Names of the tables, functions and variables the query refers to. */
  referencedNames: string[];
}

/** The analyzer's view of a database: build once per set of tables, reuse for every query (analysis is then ~ms). */
export type KqlGlobals = Kusto.Language.GlobalState;

export function kqlGlobals(tables: readonly KqlTable[], functions: readonly KqlFunction[] = [], databaseName = "workspace"): KqlGlobals {
  const { Symbols, GlobalState } = kusto();
  const members: Kusto.Language.Symbols.Symbol[] = [
    ...tables.map((t) => new Symbols.TableSymbol.$ctor7(t.name, kqlSchema(t.columns), "")),
    ...functions.map((f) => new Symbols.FunctionSymbol.$ctor16(f.name, f.parameters, `{ ${f.body} }`, "")),
  ];
  const globals = GlobalState.Default?.WithDatabase(new Symbols.DatabaseSymbol.ctor(databaseName, members));
  if (!globals) throw new Error("Kusto.Language did not build a global state");
  return globals;
}

function items<T>(list: System.Collections.Generic.IReadOnlyList$1<T> | null): T[] {
  const out: T[] = [];
  if (list) for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
  return out;
}

function isTable(t: Kusto.Language.Symbols.TypeSymbol | null): t is Kusto.Language.Symbols.TableSymbol {
  return t !== null && "Columns" in t;
}

let kindNames: Map<number, string> | undefined;
export function kindName(kind: number): string {
  if (!kindNames) {
    kindNames = new Map();
    for (const [name, value] of Object.entries(kusto().Syntax.SyntaxKind)) if (typeof value === "number") kindNames.set(value, name);
  }
  return kindNames.get(kind) ?? "";
}

/** Parses and analyses one query against the globals: diagnostics, result columns, operators and calls. */
export function analyzeKql(text: string, globals: KqlGlobals): KqlAnalysis {
  const code = kusto().KustoCode.ParseAndAnalyze(text, globals);
  if (!code) throw new Error("Kusto.Language returned no analysis");
  const diagnostics = items(code.GetDiagnostics()).map((d) => ({ code: d.Code ?? "", message: d.Message ?? "", start: d.Start, length: d.Length, severity: d.Severity ?? "Error" }));
  const resultColumns = isTable(code.ResultType) ? items(code.ResultType.Columns).map((c) => ({ name: c.Name ?? "", type: c.Type?.Name ?? "" })) : [];
  const operators: KqlAnalysis["operators"] = [];
  const functionCalls: KqlAnalysis["functionCalls"] = [];
  const referenced = new Set<string>();
  code.Syntax?.WalkNodes((node) => {
    const symbolName = node.ReferencedSymbol?.Name;
    if (symbolName) referenced.add(symbolName);
    const kind = kindName(node.Kind);
    if (kind === "FunctionCallExpression") {
      functionCalls.push({ name: node.GetFirstToken()?.Text ?? "", start: node.TextStart });
    } else if (kind.endsWith("Operator") && kind !== "BadQueryOperator") {
      const hasBy = kind === "SummarizeOperator" ? "ByClause" in node && node.ByClause !== null : undefined;
      operators.push({ keyword: node.GetFirstToken()?.Text ?? kind, start: node.TextStart, ...(hasBy === undefined ? {} : { hasBy }) });
    }
  });
  return { diagnostics, resultColumns, operators, functionCalls, referencedNames: [...referenced].sort() };
}

/** 1-based line and column of an offset, for `file:line:col` messages. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: before[before.length - 1].length + 1 };
}

/// <reference types="@kusto/language-service-next" />
/**
 * mcp-guard's KQL engine: runs a query over in-memory records with Kusto's semantics, interpreting the
 * syntax tree and semantic model of Microsoft's Kusto.Language (so names, types and result schemas are
 * the analyzer's, never re-implemented). Imports nothing from Pulumi, components, policy or plan.
 */
import { KqlFunction, kqlGlobals, KqlGlobals, KqlTable, kusto, lineCol } from "../kusto";
import { WORKSPACE_FUNCTIONS, WORKSPACE_TABLES, workspaceGlobals } from "../workspaceSchema";
import { KQL_TYPE } from "../../schema/mcpServerLogs";
import { KqlInputError, KqlUnsupportedError } from "./errors";
import { Interpreter } from "./interpreter";
import { Column, emptyRow, fromRaw, KqlValue, Row, Table, TICKS_PER_MS, toDynamic, toOutput } from "./values";

export { KqlInputError, KqlUnsupportedError };
export type { KqlFunction };

export interface RunQueryOptions {
  /** Table name -> records. Records are plain objects as a log export or a generator writes them:
   *  datetime columns as ISO 8601 strings (or Date), numbers as numbers, dynamic as JSON values or JSON
   *  text. The engine types them by the table's declared schema (default: WORKSPACE_TABLES from
   *  src/kql/workspaceSchema.ts, i.e. MCPServerLogs_CL and AZKVAuditLogs); a record that does not match
   *  (unknown column, unparsable time) throws KqlInputError naming the table, the record index and the column. */
  tables: Record<string, readonly Record<string, unknown>[] | RecordSet>;
  /** Stored functions (default: WORKSPACE_FUNCTIONS, i.e. MCPServerLogs). */
  functions?: readonly KqlFunction[];
  /** Values for `let` parameters the query declares or references (e.g. approvedMcpServers: string[],
   *  gatewayPrincipalIds: string[], numbers, strings), bound as if `let name = <value>;` preceded the query. */
  parameters?: Record<string, unknown>;
  /** The query's now(): ago(x) = now - x. */
  now: Date;
  /** Optional time range as Azure's alert/API applies it: only records with from <= TimeGenerated < to (if set) are visible. */
  timeRange?: { from: Date; to: Date };
  /** Table schemas (default: WORKSPACE_TABLES). */
  schemas?: readonly KqlTable[];
}

export interface QueryResult {
  columns: { name: string; type: string }[];
  /** Values as Log Analytics' query API returns them in JSON: datetime as ISO 8601 UTC string ending in Z
   *  (fractional seconds only when non-zero, up to 7 digits), timespan as Kusto's [d.]hh:mm:ss[.fffffff],
   *  int/long/real as number, bool as boolean, dynamic as parsed JSON, null as null. */
  rows: Record<string, unknown>[];
}

/** The record arrays already typed, per schema: the simulator runs one query over the same records many times. */
const typedTables = new WeakMap<readonly Record<string, unknown>[], { schema: KqlTable; table: Table }>();
/**
 * Each record's typed row, per schema: the simulator hands every evaluation the slice of records its
 * window sees (a new array each time), so the rows are typed once per record, not once per evaluation.
 * Operators build new rows and never write to their input's.
 */
const typedRows = new WeakMap<Record<string, unknown>, { schema: KqlTable; row: Row }>();

function typedTable(schema: KqlTable, records: readonly Record<string, unknown>[]): Table {
  const cached = typedTables.get(records);
  if (cached && cached.schema === schema) return cached.table;
  const columns: Column[] = schema.columns.map((c) => ({ name: c.name, type: KQL_TYPE[c.type] }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const empty = emptyRow(columns);
  const rows = records.map((record, index) => {
    const known = typedRows.get(record);
    if (known && known.schema === schema) return known.row;
    const row: Row = { ...empty };
    for (const [key, raw] of Object.entries(record)) {
      const column = byName.get(key);
      if (!column) throw new KqlInputError(`${schema.name} record ${index}: ${key} is not a column of ${schema.name}; allowed ${columns.map((c) => c.name).join(", ")}`);
      const converted = fromRaw(raw, column.type);
      if ("problem" in converted) throw new KqlInputError(`${schema.name} record ${index}: ${key}: ${converted.problem} (the column is ${column.type})`);
      row[key] = converted.value;
    }
    typedRows.set(record, { schema, row });
    return row;
  });
  const table = { columns, rows };
  typedTables.set(records, { schema, table });
  return table;
}

/**
 * Records to run many queries over in parts, as the simulator runs an alert over each evaluation's
 * window of a week of logs: every record is typed once (not once per window that holds it), and a set
 * whose records are in TimeGenerated order finds a query's time range by binary search, not a scan.
 * Records that do not match the table's schema throw KqlInputError when a query first reads the table,
 * naming the record's index in the array given to `of`.
 */
export class RecordSet {
  private constructor(
    readonly records: readonly Record<string, unknown>[],
    /** Indexes into `records`, in this set's order. */
    readonly positions: readonly number[],
    /** The set whose order this one keeps (itself, or the set it was cut from); time order is checked there once. */
    private readonly ordered?: RecordSet,
  ) {}

  /** Whether the root set's typed rows are in TimeGenerated order; checked once, on first use. */
  private timeOrdered?: boolean;

  static of(records: readonly Record<string, unknown>[]): RecordSet {
    return new RecordSet(records, records.map((_, i) => i));
  }

  get length(): number {
    return this.positions.length;
  }

  /** The same records in another order: `order` lists indexes into this set. */
  reorder(order: readonly number[]): RecordSet {
    return new RecordSet(this.records, order.map((i) => this.positions[i]));
  }

  /** The records at [start, end) of this set, in its order, that `keep` (given the index in this set) accepts. */
  slice(start: number, end: number, keep: (index: number) => boolean = () => true): RecordSet {
    const positions: number[] = [];
    for (let i = start; i < end; i++) if (keep(i)) positions.push(this.positions[i]);
    return new RecordSet(this.records, positions, this.ordered ?? this);
  }

  /** Whether this set's typed rows are in TimeGenerated order (of the set it keeps the order of: a part of an ordered set is ordered). */
  inTimeOrder(rows: (position: number) => Row): boolean {
    const root = this.ordered ?? this;
    if (root.timeOrdered === undefined) {
      let known = true;
      let last: bigint | undefined;
      for (const p of root.positions) {
        const t = rows(p).TimeGenerated;
        if (typeof t !== "bigint" || (last !== undefined && t < last)) {
          known = false;
          break;
        }
        last = t;
      }
      root.timeOrdered = known;
    }
    return root.timeOrdered;
  }
}

/** The typed table of a record set, and whether its rows are in time order. */
function typedSet(schema: KqlTable, set: RecordSet): { table: Table; ordered: boolean } {
  const all = typedTable(schema, set.records);
  const rows = set.positions.map((p) => all.rows[p]);
  return { table: { columns: all.columns, rows }, ordered: all.columns.some((c) => c.name === "TimeGenerated") && set.inTimeOrder((p) => all.rows[p]) };
}

/** Index of the first row whose TimeGenerated is at or after `ticks`, in rows ordered by it. */
function firstAtOrAfter(rows: readonly Row[], ticks: bigint): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = rows[mid].TimeGenerated;
    if (typeof t === "bigint" && t < ticks) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const analyses = new Map<string, Kusto.Language.KustoCode>();
const globalsBySchema = new Map<string, KqlGlobals>();

function globalsFor(schemas: readonly KqlTable[], functions: readonly KqlFunction[]): KqlGlobals {
  if (schemas === WORKSPACE_TABLES && functions === WORKSPACE_FUNCTIONS) return workspaceGlobals();
  const key = JSON.stringify([schemas, functions]);
  let g = globalsBySchema.get(key);
  if (!g) globalsBySchema.set(key, (g = kqlGlobals(schemas, functions)));
  return g;
}

/** A parameter's JavaScript value as a KQL value, and the literal that declares its type to the analyzer. */
function parameterValue(name: string, value: unknown): { declaration: string; value: KqlValue } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new KqlInputError(`parameter ${JSON.stringify(name)}: not a KQL identifier; use letters, digits and _`);
  if (typeof value === "string") return { declaration: '""', value };
  if (typeof value === "boolean") return { declaration: "bool(null)", value };
  if (typeof value === "number") return Number.isInteger(value) ? { declaration: "long(null)", value } : { declaration: "real(null)", value };
  if (value instanceof Date) return { declaration: "datetime(null)", value: BigInt(value.getTime()) * TICKS_PER_MS };
  if (typeof value === "object" && value !== null) return { declaration: "dynamic(null)", value: toDynamic(value) };
  throw new KqlInputError(`parameter ${name}: ${JSON.stringify(value)} is not a string, number, boolean, Date, array or object`);
}

export function runQuery(kql: string, options: RunQueryOptions): QueryResult {
  const schemas = options.schemas ?? WORKSPACE_TABLES;
  const functions = options.functions ?? WORKSPACE_FUNCTIONS;
  const globals = globalsFor(schemas, functions);
  const parameters = new Map<string, KqlValue>();
  let prefix = "";
  for (const [name, raw] of Object.entries(options.parameters ?? {})) {
    const p = parameterValue(name, raw);
    parameters.set(name, p.value);
    prefix += `let ${name} = ${p.declaration};\n`;
  }
  const text = prefix + kql;
  const cacheKey = `${schemas === WORKSPACE_TABLES && functions === WORKSPACE_FUNCTIONS ? "" : JSON.stringify([schemas, functions])}\u0000${text}`;
  let code = analyses.get(cacheKey);
  if (!code) {
    code = kusto().KustoCode.ParseAndAnalyze(text, globals) ?? undefined;
    if (!code) throw new KqlInputError("Kusto.Language returned no analysis");
    const diagnostics = code.GetDiagnostics();
    for (let i = 0; diagnostics && i < diagnostics.Count; i++) {
      const d = diagnostics.getItem(i);
      if ((d.Severity ?? "Error") !== "Error") continue;
      const { line, col } = lineCol(kql, Math.max(0, d.Start - prefix.length));
      throw new KqlInputError(`${line}:${col}: ${d.Message ?? "the query does not analyse"}`);
    }
    if (analyses.size > 256) analyses.clear();
    analyses.set(cacheKey, code);
  }
  const now = BigInt(options.now.getTime()) * TICKS_PER_MS;
  const from = options.timeRange ? BigInt(options.timeRange.from.getTime()) * TICKS_PER_MS : undefined;
  const to = options.timeRange ? BigInt(options.timeRange.to.getTime()) * TICKS_PER_MS : undefined;
  const schemaByName = new Map(schemas.map((s) => [s.name, s]));
  const interpreter = new Interpreter({
    text,
    prefixLength: prefix.length,
    now,
    parameters,
    table(name) {
      const schema = schemaByName.get(name);
      if (!schema) throw new KqlInputError(`table ${name} has no schema`);
      const records = options.tables[name] ?? [];
      const { table, ordered } = records instanceof RecordSet ? typedSet(schema, records) : { table: typedTable(schema, records), ordered: false };
      if (from === undefined || to === undefined || !table.columns.some((c) => c.name === "TimeGenerated")) return table;
      if (ordered) return { columns: table.columns, rows: table.rows.slice(firstAtOrAfter(table.rows, from), firstAtOrAfter(table.rows, to)) };
      return { columns: table.columns, rows: table.rows.filter((r) => typeof r.TimeGenerated === "bigint" && r.TimeGenerated >= from && r.TimeGenerated < to) };
    },
  });
  if (!code.Syntax) throw new KqlInputError("the query has no syntax tree");
  const result = interpreter.run(code.Syntax);
  return {
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: result.rows.map((r) => Object.fromEntries(result.columns.map((c) => [c.name, toOutput(r[c.name] ?? null, c.type)]))),
  };
}

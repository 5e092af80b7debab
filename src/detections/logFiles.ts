import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { WORKSPACE_TABLES } from "../kql/workspaceSchema";
import { isRecord } from "../plan/digest";
import { ColumnType, RESERVED_COLUMN_NAMES } from "../schema/mcpServerLogs";
import { UsageError } from "../errors";
import { instantMs, isoUtc } from "./time";

/*
 * Exported logs, as a security team has them:
 * - `az monitor log-analytics query -o json`: a JSON array with one object per row, a `TableName` key and
 *   every value turned into text by Python's str() (numbers "42", booleans "True", null "None"); see
 *   azure-cli's transform_log_analytics_query_output.
 * - the Log Analytics query API's own response ({"tables": [{"name", "columns", "rows"}]}), as `az rest` saves it
 *   (https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format).
 * - the portal's CSV export: a header row of column names (times in the display time zone, marked
 *   "[UTC]" in the header), times either ISO 8601 or written as M/D/YYYY, h:mm:ss.fff AM/PM.
 * - JSON Lines: one record per line, as a gateway sends them.
 * Columns Log Analytics adds to every table (TenantId, Type, _ResourceId, ...) are dropped unless the
 * table declares them; any other unknown column is an error.
 */

/** The query API's response: tables of named columns and positional rows. */
const API_RESPONSE = z.object({ tables: z.array(z.object({ name: z.string(), columns: z.array(z.object({ name: z.string() })), rows: z.array(z.array(z.unknown())) })).min(1) });

const STANDARD_COLUMNS = new Set([...RESERVED_COLUMN_NAMES, "TableName"]);
const PORTAL_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(\.\d{1,7})?\s*(AM|PM)?$/i;

/** A time as exports write it, in epoch ms: ISO 8601 with a zone, or the portal's US form (UTC). */
function exportedTime(text: string): number | undefined {
  const iso = instantMs(text);
  if (iso !== undefined) return iso;
  const m = PORTAL_TIME.exec(text.trim());
  if (!m) return undefined;
  let hour = Number(m[4]);
  if (m[8]) hour = (hour % 12) + (m[8].toUpperCase() === "PM" ? 12 : 0);
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6]), m[7] ? Math.round(Number(m[7]) * 1000) : 0);
}

/** One value converted to its column's type; a string problem when it cannot be. */
function convert(value: unknown, type: ColumnType, fromText: boolean): unknown {
  const text = typeof value === "string" ? value : undefined;
  if (value === null || value === undefined) return null;
  if (type === "string" || type === "guid") return typeof value === "string" ? value : JSON.stringify(value);
  if (text !== undefined && (text === "" || (fromText && text === "None"))) return null;
  switch (type) {
    case "int":
    case "long":
    case "real": {
      const n = typeof value === "number" ? value : Number(text);
      if (!Number.isFinite(n) || (type !== "real" && !Number.isInteger(n))) throw new Error(`${JSON.stringify(value)} is not ${type === "int" ? "an int" : `a ${type}`}`);
      return n;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (/^(true|false)$/i.test(text ?? "")) return text?.toLowerCase() === "true";
      throw new Error(`${JSON.stringify(value)} is not a boolean`);
    case "dateTime": {
      const ms = text === undefined ? undefined : exportedTime(text);
      if (ms === undefined) throw new Error(`${JSON.stringify(value)} is not a time; write it in ISO 8601 with a zone (2026-12-01T10:00:00Z)`);
      return isoUtc(ms);
    }
    case "dynamic":
      if (typeof value === "object") return value;
      try {
        return JSON.parse(text ?? "");
      } catch {
        throw new Error(`${JSON.stringify(value)} is not JSON (a dynamic column)`);
      }
  }
}

/** Reads one exported log file as records of `table`; stops at the first bad record with `<file>:<line>: <problem>`. */
export function readLogFile(file: string, table: string): Record<string, unknown>[] {
  const relative = path.relative(process.cwd(), file);
  const shown = relative === "" || relative.startsWith("..") ? file : relative;
  if (!fs.existsSync(file)) throw new UsageError(`--logs ${shown}: no such file`);
  const schema = WORKSPACE_TABLES.find((t) => t.name === table);
  if (!schema) throw new UsageError(`table ${table} is not in the workspace schema`);
  const types = new Map<string, ColumnType>(schema.columns.map((c) => [c.name, c.type]));
  const text = fs.readFileSync(file, "utf8");
  const fail = (line: number, message: string): never => {
    throw new UsageError(`${shown}:${line}: ${message}`);
  };

  const record = (raw: Record<string, unknown>, line: number, fromText: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [rawName, value] of Object.entries(raw)) {
      const name = rawName.replace(/\s*\[UTC\]$/, "");
      if (/\[Local Time\]$/.test(rawName)) fail(line, `${rawName}: times in the local time zone cannot be read back; export with the display time zone set to UTC`);
      const type = types.get(name);
      if (type === undefined) {
        if (STANDARD_COLUMNS.has(name)) continue;
        fail(line, `${name}: not a column of ${table}; allowed ${[...types.keys()].join(", ")}`);
      } else {
        try {
          out[name] = convert(value, type, fromText);
        } catch (err) {
          fail(line, `${name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    if (out.TimeGenerated === undefined || out.TimeGenerated === null) fail(line, "TimeGenerated: is missing; every record needs one");
    return out;
  };

  if (/\.csv$/i.test(file)) {
    let rows: { record: Record<string, string>; info: { lines: number } }[];
    try {
      rows = parseCsv(text, { columns: true, bom: true, info: true, skip_empty_lines: true });
    } catch (err) {
      const at = typeof err === "object" && err !== null && "lines" in err && typeof err.lines === "number" ? err.lines : 1;
      return fail(at, `not CSV: ${err instanceof Error ? err.message : String(err)}`);
    }
    return rows.map((r) => record(r.record, r.info.lines, true));
  }
  if (/\.(jsonl|ndjson)$/i.test(file)) {
    return text.split("\n").flatMap((l, i) => {
      if (l.trim() === "") return [];
      let value: unknown;
      try {
        value = JSON.parse(l);
      } catch {
        return fail(i + 1, "not a JSON object (JSON Lines: one record per line)");
      }
      if (!isRecord(value)) return fail(i + 1, "not a JSON object (JSON Lines: one record per line)");
      return [record(value, i + 1, false)];
    });
  }
  if (/\.json$/i.test(file)) {
    // Parsed as YAML (a superset of JSON) for the line of every record.
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines });
    if (doc.errors.length > 0) fail(doc.errors[0].linePos?.[0].line ?? 1, `not JSON: ${doc.errors[0].message.split("\n")[0]}`);
    const lineOf = (node: unknown) => (node && typeof node === "object" && "range" in node && Array.isArray(node.range) ? lines.linePos(node.range[0]).line : 1);
    const root = doc.contents;
    if (isSeq(root)) {
      // az monitor log-analytics query -o json: objects with TableName and str() values.
      return root.items.map((item) => {
        const row: unknown = isMap(item) ? item.toJSON() : undefined;
        if (!isRecord(row)) return fail(lineOf(item), "not a JSON object; expected the rows az monitor log-analytics query -o json writes");
        return record(row, lineOf(item), true);
      });
    }
    const api = API_RESPONSE.safeParse(doc.toJS());
    if (!api.success) return fail(1, "neither a JSON array of rows (az monitor log-analytics query -o json) nor a query API response with tables");
    const index = Math.max(0, api.data.tables.findIndex((t) => t.name === "PrimaryResult"));
    const primary = api.data.tables[index];
    const rowNodes = doc.getIn(["tables", index, "rows"], true);
    const cols = primary.columns.map((c) => c.name);
    return primary.rows.map((row, i) => record(Object.fromEntries(cols.map((c, j) => [c, row[j]])), isSeq(rowNodes) ? lineOf(rowNodes.items[i]) : 1, false));
  }
  return fail(1, "unknown log format; allowed .json (az monitor log-analytics query -o json, or the query API's response), .jsonl and .csv (the portal's export)");
}

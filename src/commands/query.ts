import * as fs from "node:fs";
import * as path from "node:path";
import { loadQueryCatalog } from "../kql/catalog";
import { KqlInputError, KqlUnsupportedError, runQuery } from "../kql/engine";
import { renderQuery } from "../kql/parameters";
import { UsageError } from "../errors";
import { readLogFile } from "../detections/logFiles";
import { stackDetections } from "../detections/stacks";
import { isoUtc } from "../detections/time";
import { flagInstant, Io, queryInputs, replayStack, singleTable } from "./common";

export interface QueryFlags {
  logs: string;
  stack?: string;
  now?: string;
  format: string;
  cwd: string;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/**
 * `mcp-guard query`: runs a catalog query (by name) or a .kql file over exported logs with the stack's
 * parameter values and prints the result table (or --format json).
 */
export function queryCommand(target: string, flags: QueryFlags, io: Io): number {
  if (flags.format !== "table" && flags.format !== "json") throw new UsageError(`--format ${JSON.stringify(flags.format)} is not allowed; allowed table, json`);
  const root = path.resolve(flags.cwd);
  const file = path.resolve(flags.cwd, target);
  let kql: string;
  if (target.endsWith(".kql") && fs.existsSync(file)) kql = fs.readFileSync(file, "utf8");
  else {
    const catalog = loadQueryCatalog(path.join(root, "queries"));
    const q = catalog.find((x) => x.name === target);
    if (!q) throw new UsageError(`${target}: neither a .kql file nor a query in queries/; allowed ${catalog.map((x) => x.name).join(", ")}`);
    kql = q.body;
  }
  const inputs = queryInputs(kql);
  const table = singleTable(inputs.tables, target);
  const records = readLogFile(path.resolve(flags.cwd, flags.logs), table);
  const stack = inputs.parameters.length > 0 ? stackDetections(root, replayStack(root, flags.stack)) : undefined;
  const text = stack ? renderQuery(kql, inputs.parameters, stack.parameters) : kql;
  // now() defaults to the newest record, so ago() in a query means "before the export ended".
  const now = flagInstant("--now", flags.now) ?? records.reduce((m, r) => Math.max(m, Date.parse(String(r.TimeGenerated))), -Infinity);
  if (!Number.isFinite(now)) throw new UsageError(`--logs ${flags.logs}: no records; give --now to run the query on none`);
  let result;
  try {
    result = runQuery(text, { tables: { [table]: records }, now: new Date(now) });
  } catch (err) {
    if (err instanceof KqlInputError || err instanceof KqlUnsupportedError) throw new UsageError(`${target}:${err.message}`);
    throw err;
  }
  if (flags.format === "json") {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const names = result.columns.map((c) => c.name);
  const cells = result.rows.map((r) => names.map((n) => cell(r[n])));
  const widths = names.map((n, i) => Math.min(60, Math.max(n.length, ...cells.map((row) => row[i].length))));
  const line = (row: string[]) => `${row.map((v, i) => (v.length > widths[i] ? `${v.slice(0, widths[i] - 1)}…` : v.padEnd(widths[i]))).join("  ").trimEnd()}\n`;
  io.out(line(names));
  io.out(line(widths.map((w) => "-".repeat(w))));
  for (const row of cells) io.out(line(row));
  io.out(`\n${result.rows.length} rows (now() = ${isoUtc(now)})\n`);
  return 0;
}

import { analyzeCached } from "../kql/analysisCache";
import { analysisPrefix, PARAMETER_NAMES, QueryParameter } from "../kql/parameters";
import { WORKSPACE_FUNCTIONS, WORKSPACE_SCHEMA, WORKSPACE_TABLES } from "../kql/workspaceSchema";
import { UsageError } from "../errors";
import { projectStacks } from "../detections/stacks";
import { instantMs } from "../detections/time";

/** Where a command prints; the CLI's Io. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The stack a replay uses: the one named, or prod (the strictest) when the project has it. */
export function replayStack(projectDir: string, stack: string | undefined): string {
  const stacks = projectStacks(projectDir);
  if (stack !== undefined) {
    if (!stacks.includes(stack)) throw new UsageError(`--stack ${stack}: no such stack; allowed ${stacks.join(", ")}`);
    return stack;
  }
  if (stacks.includes("prod")) return "prod";
  if (stacks.length === 1) return stacks[0];
  throw new UsageError(`--stack is required; allowed ${stacks.join(", ")}`);
}

/** The workspace tables a query reads (a function counts as the table it reads), and the parameters it uses. */
export function queryInputs(kql: string): { tables: string[]; parameters: QueryParameter[] } {
  const parameters = PARAMETER_NAMES.filter((p) => new RegExp(`\\b${p}\\b`).test(kql) && !new RegExp(`\\blet\\s+${p}\\b`).test(kql));
  const analysis = analyzeCached(analysisPrefix(parameters) + kql, WORKSPACE_SCHEMA);
  const names = new Set(analysis.referencedNames);
  for (const f of WORKSPACE_FUNCTIONS) if (names.has(f.name)) names.add(f.body);
  return { tables: WORKSPACE_TABLES.map((t) => t.name).filter((t) => names.has(t)), parameters };
}

/** The one table whose records a log file holds. */
export function singleTable(tables: readonly string[], what: string): string {
  if (tables.length === 1) return tables[0];
  if (tables.length === 0) throw new UsageError(`${what} reads no workspace table (${WORKSPACE_TABLES.map((t) => t.name).join(", ")})`);
  throw new UsageError(`${what} reads ${tables.join(" and ")}; --logs holds one table's records`);
}

/** An --from/--to/--now value: ISO 8601 with a zone. */
export function flagInstant(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = instantMs(value);
  if (ms === undefined) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a time; write it like 2026-12-01T10:00:00Z`);
  return ms;
}

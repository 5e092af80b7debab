import { isNode, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { parameterValueProblem, QueryParameter } from "../kql/parameters";
import { WORKSPACE_TABLES } from "../kql/workspaceSchema";
import { MCP_SERVER_LOGS_TABLE } from "../schema/mcpServerLogs";
import { GENERATORS, isGeneratorName } from "./generators";
import { instantMs, relativeMs } from "./time";

/*
 * Detection test files: alerts/tests/<alert>.yaml and queries/tests/<query>.yaml. Records are written
 * with times relative to the test's time 0 (`at: -12m`), in bulk (`repeat: 11 between -15m and -11m`),
 * or from a seeded generator (`generate: normal-use`); every written record starts from the file's
 * `defaults`. The format is documented in alerts/README.md and queries/README.md.
 */

/** Time 0 when a file does not say: a Wednesday at 14:00 UTC, so office-hours generators are busy. */
export const DEFAULT_ANCHOR = "2026-12-02T14:00:00Z";

/** Keys of a record entry that are not columns. */
const ENTRY_KEYS = ["at", "repeat", "generate", "table", "delay"] as const;

export type RecordEntry =
  | { kind: "at"; offset: number; table: string; fields: Record<string, unknown>; delay?: number }
  | { kind: "repeat"; count: number; from: number; to: number; table: string; fields: Record<string, unknown>; delay?: number }
  | { kind: "generate"; generator: keyof typeof GENERATORS; options: Record<string, unknown>; delay?: number };

/** An expected alert event: at these evaluations, for this dimension combination. */
export interface ExpectedEvent {
  at: number[];
  dimensions: Record<string, unknown>;
  line: number;
}

interface TestBase {
  name: string;
  /** `<file>:<line>` of the test, for reports. */
  where: string;
  /** Only these stacks; undefined: every stack. */
  stacks?: string[];
  records: RecordEntry[];
}

export interface AlertTest extends TestBase {
  ingestionDelay: number;
  /** Evaluation times, relative; undefined: from the earliest record to 0. */
  evaluations?: { from: number; to: number };
  expect: { neverFires: true } | { fires?: ExpectedEvent[]; resolves?: ExpectedEvent[] };
}

export interface QueryTest extends TestBase {
  timeRange?: { from: number; to: number };
  expect: { rows: Record<string, unknown>[] };
}

export interface TestFile<T> {
  file: string;
  /** The alert or query the file tests: its name without .yaml. */
  subject: string;
  anchorMs: number;
  defaults: Record<string, unknown>;
  /** Deploy-time parameter values offline (the gateway's identities). */
  gatewayPrincipalIds: string[];
  /** Parameter values that replace the stack's for this file (the approval registry's lists, stated by the test). */
  parameters: Partial<Record<QueryParameter, string[]>>;
  tests: T[];
}

const relative = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = relativeMs(String(v));
  if (ms === undefined) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(v)} is not a relative time; write it like -12m, -1h30m, 2d or 0` });
    return z.NEVER;
  }
  return ms;
});
const delay = relative.refine((v) => v >= 0, { error: "is negative; an ingestion delay is how long after TimeGenerated a record arrives" });
const range = z.string().transform((v, ctx) => {
  const m = /^\s*(\S+)\s+to\s+(\S+)\s*$/.exec(v);
  const from = m ? relativeMs(m[1]) : undefined;
  const to = m ? relativeMs(m[2]) : undefined;
  if (from === undefined || to === undefined || from > to) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(v)} is not a range; write it like "-1h to 0" (earlier first)` });
    return z.NEVER;
  }
  return { from, to };
});
const strict = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, { error: (i) => (i.code === "unrecognized_keys" ? `unknown field ${i.keys.map((k) => JSON.stringify(k)).join(", ")}; allowed ${Object.keys(shape).join(", ")}` : i.input === undefined ? "is required" : "is not a mapping") });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: (i) => (i.input === undefined ? "is required" : "is not a list") });
const mapping = z.record(z.string(), z.unknown(), { error: "is not a mapping" });
const event = z.record(z.string(), z.unknown(), { error: "is not a mapping of at and the dimensions' values" });

const base = {
  name: z.string({ error: "is required" }).min(3, { error: "is too short; say what the scenario is" }),
  stacks: list(z.string()).optional(),
  records: list(mapping).min(1, { error: "is empty; a test needs records" }),
};
const alertTestSchema = strict({
  ...base,
  ingestionDelay: delay.optional(),
  evaluations: range.optional(),
  expect: z.union([z.literal("never fires"), strict({ fires: list(event).optional(), resolves: list(event).optional() })], { error: 'is not allowed; allowed "never fires" or a mapping of fires and resolves' }),
});
const queryTestSchema = strict({
  ...base,
  timeRange: range.optional(),
  expect: z.union([z.literal("no rows"), strict({ rows: list(mapping) })], { error: 'is not allowed; allowed "no rows" or a mapping with rows' }),
});
const parameterList = (name: QueryParameter) =>
  list(z.string().superRefine((v, ctx) => {
    const problem = parameterValueProblem(name, v);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  })).optional();
const fileShape = {
  now: z.string().optional(),
  defaults: mapping.optional(),
  table: z.string().optional(),
  gatewayPrincipalIds: list(z.string()).optional(),
  parameters: strict({
    approvedServers: parameterList("approvedServers"),
    approvedServerTools: parameterList("approvedServerTools"),
    approvedServerEndpoints: parameterList("approvedServerEndpoints"),
    alwaysOnServers: parameterList("alwaysOnServers"),
    gatewayPrincipalIds: parameterList("gatewayPrincipalIds"),
  } satisfies Record<QueryParameter, ReturnType<typeof parameterList>>).optional(),
};
const alertFileSchema = strict({ ...fileShape, ingestionDelay: delay.optional(), tests: list(alertTestSchema).min(1, { error: "is empty" }) });
const queryFileSchema = strict({ ...fileShape, tests: list(queryTestSchema).min(1, { error: "is empty" }) });

type Path = readonly (string | number)[];
const showPath = (p: Path) => p.map((x, i) => (typeof x === "number" ? `[${x}]` : i === 0 ? x : `.${x}`)).join("") || "(file)";

/** Parses one test file's YAML, with `<file>:<line>: <field>: <problem>` messages for any path in it. */
function parseTestYaml(file: string, src: string) {
  const lines = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lines });
  const lineOf = (p: Path): number => {
    for (let n = p.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const problem = (p: Path, message: string) => `${file}:${lineOf(p)}: ${showPath(p)}: ${message}`;
  const syntax = doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`);
  const issues = (error: z.ZodError) => error.issues.map((i) => problem(i.path.filter((x): x is string | number => typeof x !== "symbol"), i.message));
  return { js: syntax.length > 0 ? undefined : doc.toJS(), syntax, issues, problem, lineOf };
}

const TABLES = new Map(WORKSPACE_TABLES.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

function checkColumns(table: string, fields: Record<string, unknown>, at: Path, problem: (p: Path, m: string) => string): string[] {
  const columns = TABLES.get(table);
  if (!columns) return [problem(at, `table ${JSON.stringify(table)} is not in the workspace; allowed ${[...TABLES.keys()].join(", ")}`)];
  return Object.keys(fields).filter((k) => !columns.has(k)).map((k) => problem([...at, k], `is not a column of ${table}; allowed ${[...columns].join(", ")}`));
}

/** One record entry: a record at a time, evenly spaced repeats, or a generator's records. */
function recordEntry(raw: Record<string, unknown>, at: Path, fileTable: string, defaults: Record<string, unknown>, problem: (p: Path, m: string) => string): { entry?: RecordEntry; problems: string[] } {
  const problems: string[] = [];
  const time = (key: string, value: unknown): number | undefined => {
    const r = relative.safeParse(value);
    if (!r.success) problems.push(problem([...at, key], r.error.issues[0].message));
    return r.success ? r.data : undefined;
  };
  const entryDelay = raw.delay === undefined ? undefined : delay.safeParse(raw.delay);
  if (entryDelay && !entryDelay.success) problems.push(problem([...at, "delay"], entryDelay.error.issues[0].message));
  const late = entryDelay?.success ? { delay: entryDelay.data } : {};
  const kinds = (["at", "repeat", "generate"] as const).filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) return { problems: [problem(at, kinds.length === 0 ? "needs one of at (one record), repeat (several) or generate (a generator)" : `gives ${kinds.join(" and ")}; give exactly one`)] };

  if (kinds[0] === "generate") {
    const name = String(raw.generate);
    if (!isGeneratorName(name)) return { problems: [problem([...at, "generate"], `${JSON.stringify(name)} is not a generator; allowed ${Object.keys(GENERATORS).join(", ")}`)] };
    const options: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (k === "generate" || k === "delay") continue;
      options[k] = k === "from" || k === "to" ? time(k, v) : v;
    }
    const checked = GENERATORS[name].options.safeParse(options);
    if (!checked.success) for (const i of checked.error.issues) problems.push(problem([...at, ...i.path.filter((x): x is string | number => typeof x !== "symbol")], i.message));
    return problems.length > 0 ? { problems } : { entry: { kind: "generate", generator: name, options, ...late }, problems };
  }

  const table = raw.table === undefined ? fileTable : String(raw.table);
  const fields = Object.fromEntries(Object.entries(raw).filter(([k]) => !ENTRY_KEYS.some((e) => e === k)));
  problems.push(...checkColumns(table, fields, at, problem));
  const merged = table === fileTable ? { ...defaults, ...fields } : fields;
  if (kinds[0] === "at") {
    const offset = time("at", raw.at);
    return problems.length > 0 || offset === undefined ? { problems } : { entry: { kind: "at", offset, table, fields: merged, ...late }, problems };
  }
  const m = /^\s*(\d+)\s+between\s+(\S+)\s+and\s+(\S+)\s*$/.exec(String(raw.repeat));
  if (!m) return { problems: [...problems, problem([...at, "repeat"], `${JSON.stringify(raw.repeat)} is not a repeat; write it like "11 between -15m and -11m"`)] };
  const from = time("repeat", m[2]);
  const to = time("repeat", m[3]);
  if (from !== undefined && to !== undefined && from > to) problems.push(problem([...at, "repeat"], `${m[2]} is after ${m[3]}; write the earlier time first`));
  const count = Number(m[1]);
  if (count < 1 || count > 100_000) problems.push(problem([...at, "repeat"], `${count} records is out of range; allowed 1 to 100000`));
  return problems.length > 0 || from === undefined || to === undefined ? { problems } : { entry: { kind: "repeat", count, from, to, table, fields: merged, ...late }, problems };
}

function fileCommon(file: string, data: z.output<typeof alertFileSchema> | z.output<typeof queryFileSchema>, problem: (p: Path, m: string) => string) {
  const problems: string[] = [];
  const anchorMs = instantMs(data.now ?? DEFAULT_ANCHOR);
  if (anchorMs === undefined) problems.push(problem(["now"], `${JSON.stringify(data.now)} is not an instant; write it like 2026-12-02T14:00:00Z`));
  const table = data.table ?? MCP_SERVER_LOGS_TABLE;
  if (!TABLES.has(table)) problems.push(problem(["table"], `${JSON.stringify(table)} is not in the workspace; allowed ${[...TABLES.keys()].join(", ")}`));
  const defaults = data.defaults ?? {};
  if (TABLES.has(table)) problems.push(...checkColumns(table, defaults, ["defaults"], problem));
  const subject = file.replace(/^.*\//, "").replace(/\.ya?ml$/, "");
  const parameters = Object.fromEntries(Object.entries(data.parameters ?? {}).filter((e): e is [string, string[]] => e[1] !== undefined));
  return { problems, anchorMs: anchorMs ?? 0, table, defaults, subject, gatewayPrincipalIds: data.gatewayPrincipalIds ?? [], parameters };
}

function entries(raws: Record<string, unknown>[], at: Path, table: string, defaults: Record<string, unknown>, problem: (p: Path, m: string) => string, problems: string[]): RecordEntry[] {
  return raws.flatMap((raw, i) => {
    const r = recordEntry(raw, [...at, i], table, defaults, problem);
    problems.push(...r.problems);
    return r.entry ? [r.entry] : [];
  });
}

/** Parses alerts/tests/<alert>.yaml; `dimensions` are the alert's, which every expected event must name. */
export function parseAlertTestFile(file: string, src: string, dimensions: readonly string[]): { parsed?: TestFile<AlertTest>; problems: string[] } {
  const y = parseTestYaml(file, src);
  if (y.syntax.length > 0) return { problems: y.syntax };
  const r = alertFileSchema.safeParse(y.js);
  if (!r.success) return { problems: y.issues(r.error) };
  const { data } = r;
  const { problem, lineOf } = y;
  const common = fileCommon(file, data, problem);
  const problems = [...common.problems];
  const tests = data.tests.map((t, i): AlertTest => {
    const at: Path = ["tests", i];
    const events = (key: "fires" | "resolves", list: Record<string, unknown>[] | undefined): ExpectedEvent[] | undefined =>
      list?.map((e, j) => {
        const p: Path = [...at, "expect", key, j];
        const times = (Array.isArray(e.at) ? e.at : e.at === undefined ? [] : [e.at]).flatMap((v) => {
          const ms = relative.safeParse(v);
          if (!ms.success) problems.push(problem([...p, "at"], ms.error.issues[0].message));
          return ms.success ? [ms.data] : [];
        });
        if (e.at === undefined) problems.push(problem(p, "needs at: the evaluation (or a list of them)"));
        const given = Object.fromEntries(Object.entries(e).filter(([k]) => k !== "at"));
        for (const k of Object.keys(given)) if (!dimensions.includes(k)) problems.push(problem([...p, k], `is not a dimension of the alert; allowed ${dimensions.join(", ") || "none (the alert does not split)"}`));
        for (const d of dimensions) if (!(d in given)) problems.push(problem(p, `needs ${d} (the alert splits by ${dimensions.join(", ")})`));
        return { at: times, dimensions: given, line: lineOf(p) };
      });
    return {
      name: t.name,
      where: `${file}:${lineOf(at)}`,
      ...(t.stacks ? { stacks: t.stacks } : {}),
      records: entries(t.records, [...at, "records"], common.table, common.defaults, problem, problems),
      ingestionDelay: t.ingestionDelay ?? data.ingestionDelay ?? 0,
      ...(t.evaluations ? { evaluations: t.evaluations } : {}),
      expect: t.expect === "never fires" ? { neverFires: true } : { ...(t.expect.fires ? { fires: events("fires", t.expect.fires) } : {}), ...(t.expect.resolves ? { resolves: events("resolves", t.expect.resolves) } : {}) },
    };
  });
  if (problems.length > 0) return { problems };
  return { parsed: { file, subject: common.subject, anchorMs: common.anchorMs, defaults: common.defaults, gatewayPrincipalIds: common.gatewayPrincipalIds, parameters: common.parameters, tests }, problems };
}

/** Parses queries/tests/<query>.yaml. */
export function parseQueryTestFile(file: string, src: string): { parsed?: TestFile<QueryTest>; problems: string[] } {
  const y = parseTestYaml(file, src);
  if (y.syntax.length > 0) return { problems: y.syntax };
  const r = queryFileSchema.safeParse(y.js);
  if (!r.success) return { problems: y.issues(r.error) };
  const { data } = r;
  const { problem, lineOf } = y;
  const common = fileCommon(file, data, problem);
  const problems = [...common.problems];
  const tests = data.tests.map((t, i): QueryTest => {
    const at: Path = ["tests", i];
    return {
      name: t.name,
      where: `${file}:${lineOf(at)}`,
      ...(t.stacks ? { stacks: t.stacks } : {}),
      records: entries(t.records, [...at, "records"], common.table, common.defaults, problem, problems),
      ...(t.timeRange ? { timeRange: t.timeRange } : {}),
      expect: { rows: t.expect === "no rows" ? [] : t.expect.rows },
    };
  });
  if (problems.length > 0) return { problems };
  return { parsed: { file, subject: common.subject, anchorMs: common.anchorMs, defaults: common.defaults, gatewayPrincipalIds: common.gatewayPrincipalIds, parameters: common.parameters, tests }, problems };
}

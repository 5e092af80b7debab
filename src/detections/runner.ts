import * as fs from "node:fs";
import * as path from "node:path";
import { InputError } from "../errors";
import { AlertDefinition, loadAlertFiles } from "../kql/alerts";
import { CatalogQuery, loadQueryCatalog } from "../kql/catalog";
import { KqlInputError, KqlUnsupportedError, runQuery } from "../kql/engine";
import { renderQuery } from "../kql/parameters";
import { materialize, Materialized } from "./records";
import { deployedRule } from "./rule";
import { Simulation, simulateAlert } from "./simulate";
import { StackDetections, stackDetections } from "./stacks";
import { AlertTest, ExpectedEvent, parseAlertTestFile, parseQueryTestFile, QueryTest, TestFile } from "./testFile";
import { formatRelative, isoDurationMs, isoUtc, relativeMs } from "./time";

/** One test in one stack. */
export interface TestOutcome {
  file: string;
  where: string;
  test: string;
  stack: string;
  status: "pass" | "fail" | "skip";
  /** What differed (fail), or why it did not run (skip). */
  details: string[];
}

interface Loaded {
  alertFiles: { file: TestFile<AlertTest>; alert: AlertDefinition }[];
  queryFiles: { file: TestFile<QueryTest>; query: CatalogQuery }[];
}

const yamlFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : []);

/** Loads every alerts/tests/*.yaml and queries/tests/*.yaml; throws InputError with every problem of every file. */
export function loadDetectionTests(projectDir: string): Loaded {
  const catalog = loadQueryCatalog(path.join(projectDir, "queries"));
  const alerts = loadAlertFiles(path.join(projectDir, "alerts"), catalog);
  const problems: string[] = [];
  const loaded: Loaded = { alertFiles: [], queryFiles: [] };
  for (const f of yamlFiles(path.join(projectDir, "alerts", "tests"))) {
    const file = `alerts/tests/${f}`;
    const subject = f.replace(/\.ya?ml$/, "");
    const alert = alerts.find((a) => a.name === subject);
    if (!alert) {
      problems.push(`${file}:1: tests no alert: there is no alerts/${subject}.yaml; name the file after the alert it tests`);
      continue;
    }
    const r = parseAlertTestFile(file, fs.readFileSync(path.join(projectDir, file), "utf8"), alert.dimensions);
    problems.push(...r.problems);
    if (r.parsed) loaded.alertFiles.push({ file: r.parsed, alert });
  }
  for (const f of yamlFiles(path.join(projectDir, "queries", "tests"))) {
    const file = `queries/tests/${f}`;
    const subject = f.replace(/\.ya?ml$/, "");
    const query = catalog.find((q) => q.name === subject);
    if (!query) {
      problems.push(`${file}:1: tests no query: there is no queries/${subject}.kql; name the file after the query it tests`);
      continue;
    }
    const r = parseQueryTestFile(file, fs.readFileSync(path.join(projectDir, file), "utf8"));
    problems.push(...r.problems);
    if (r.parsed) loaded.queryFiles.push({ file: r.parsed, query });
  }
  if (problems.length > 0) throw new InputError("invalid detection tests", problems);
  return loaded;
}

const dims = (d: Record<string, unknown>) => Object.entries(d).map(([k, v]) => `${k}=${v === "" ? '""' : String(v)}`).join(", ") || "(no dimensions)";
const sameDims = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(b).every((k) => String(a[k]) === String(b[k]));

/** The fired or resolved events of a simulation, at offsets from time 0. */
function events(sim: Simulation, anchorMs: number, state: "fired" | "resolved") {
  return sim.evaluations.flatMap((e) => e.series.filter((s) => s.state === state).map((s) => ({ at: e.time - anchorMs, dimensions: s.dimensions, value: s.value })));
}

/** How one expected list (fires or resolves) differs from what the simulation did. */
function compareEvents(kind: "fired" | "resolved", expected: readonly ExpectedEvent[], sim: Simulation, anchorMs: number, grid: { step: number; from: number; to: number }, file: string): string[] {
  const actual = events(sim, anchorMs, kind);
  const out: string[] = [];
  const matched = new Set<number>();
  for (const e of expected) {
    for (const at of e.at) {
      if (at % grid.step !== 0 || at < grid.from || at > grid.to) {
        out.push(`${file}:${e.line}: ${formatRelative(at)} is not an evaluation here (every ${formatRelative(grid.step).slice(1)} from ${formatRelative(grid.from)} to ${formatRelative(grid.to)})`);
        continue;
      }
      const i = actual.findIndex((a, j) => !matched.has(j) && a.at === at && sameDims(a.dimensions, e.dimensions));
      if (i >= 0) {
        matched.add(i);
        continue;
      }
      const evaluation = sim.evaluations.find((x) => x.time - anchorMs === at);
      const series = evaluation?.series.find((s) => sameDims(s.dimensions, e.dimensions));
      const got = series ? `${series.state}${series.value === undefined ? "" : ` (value ${series.value})`}` : "no rows for it";
      out.push(`evaluation ${formatRelative(at)} (${isoUtc(anchorMs + at)}): expected ${kind} for ${dims(e.dimensions)}; got ${got}`);
    }
  }
  actual.forEach((a, j) => {
    if (!matched.has(j)) out.push(`evaluation ${formatRelative(a.at)} (${isoUtc(anchorMs + a.at)}): ${kind} for ${dims(a.dimensions)}${a.value === undefined ? "" : ` (value ${a.value})`}, not expected`);
  });
  return out;
}

function engineProblem(err: unknown, what: string): string[] {
  if (err instanceof KqlUnsupportedError || err instanceof KqlInputError) return [`${what}: ${err.message}`];
  throw err;
}

function runAlertTest(file: TestFile<AlertTest>, alert: AlertDefinition, test: AlertTest, stack: StackDetections, records: Materialized): string[] | { skip: string } {
  const rule = deployedRule(alert, stack.environment, stack.parameters, stack.thresholds);
  if (!rule.schedule.enabled) return { skip: `the rule is disabled in ${stack.stack} (${rule.disabledReason ?? "no reason given"})` };
  const step = isoDurationMs(rule.schedule.evaluationFrequency);
  const wanted = test.evaluations ?? { from: records.earliest, to: 0 };
  // Evaluations run every evaluationFrequency on a grid through time 0.
  const grid = { step, from: Math.ceil(wanted.from / step) * step, to: Math.floor(wanted.to / step) * step };
  let sim: Simulation;
  try {
    sim = simulateAlert(rule, records.tables, { from: file.anchorMs + grid.from, to: file.anchorMs + grid.to, ingestionDelay: (r) => records.delayOf(r) });
  } catch (err) {
    return engineProblem(err, alert.file);
  }
  if ("neverFires" in test.expect) return compareEvents("fired", [], sim, file.anchorMs, grid, file.file);
  return [
    ...(test.expect.fires ? compareEvents("fired", test.expect.fires, sim, file.anchorMs, grid, file.file) : []),
    ...(test.expect.resolves ? compareEvents("resolved", test.expect.resolves, sim, file.anchorMs, grid, file.file) : []),
  ];
}

/** An expected cell against the result's: relative times for datetime columns, sets compared as sets. */
function sameCell(expected: unknown, actual: unknown, type: string, anchorMs: number): boolean {
  if (type === "datetime" && typeof expected === "string") {
    const rel = relativeMs(expected);
    if (rel !== undefined) return actual === isoUtc(anchorMs + rel);
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    // make_set's order is not specified by Kusto.
    const key = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort().join("\u0000");
    return key(expected) === key(actual);
  }
  return JSON.stringify(expected) === JSON.stringify(actual);
}

function runQueryTest(file: TestFile<QueryTest>, query: CatalogQuery, test: QueryTest, stack: StackDetections, records: Materialized): string[] {
  const text = renderQuery(query.body, query.parameters, stack.parameters);
  let result;
  try {
    result = runQuery(text, {
      tables: records.tables,
      now: new Date(file.anchorMs),
      ...(test.timeRange ? { timeRange: { from: new Date(file.anchorMs + test.timeRange.from), to: new Date(file.anchorMs + test.timeRange.to) } } : {}),
    });
  } catch (err) {
    return engineProblem(err, query.file);
  }
  const types = new Map(result.columns.map((c) => [c.name, c.type]));
  const out: string[] = [];
  if (result.rows.length !== test.expect.rows.length) out.push(`expected ${test.expect.rows.length} rows; got ${result.rows.length}`);
  test.expect.rows.forEach((row, i) => {
    const actual = result.rows[i];
    for (const [k, v] of Object.entries(row)) {
      if (!types.has(k)) out.push(`row ${i + 1}: ${k} is not a column of the result (${[...types.keys()].join(", ")})`);
      else if (actual === undefined) out.push(`row ${i + 1}: missing (expected ${k} = ${JSON.stringify(v)})`);
      else if (!sameCell(v, actual[k], types.get(k) ?? "", file.anchorMs)) out.push(`row ${i + 1}: ${k} expected ${JSON.stringify(v)}, got ${JSON.stringify(actual[k])}`);
    }
  });
  result.rows.slice(test.expect.rows.length).forEach((r, i) => out.push(`row ${test.expect.rows.length + i + 1}: not expected: ${JSON.stringify(r)}`));
  return out;
}

/**
 * Runs every detection test in every given stack (its overrides and parameters), as `mcp-guard test`
 * does: one outcome per test and stack.
 */
export function runDetectionTests(projectDir: string, stacks: readonly string[]): TestOutcome[] {
  const loaded = loadDetectionTests(projectDir);
  const outcomes: TestOutcome[] = [];
  const contexts = new Map<string, StackDetections>();
  const contextFor = (stack: string, gateway: readonly string[]) => {
    const key = `${stack}\u0000${gateway.join(",")}`;
    let c = contexts.get(key);
    if (!c) contexts.set(key, (c = stackDetections(projectDir, stack, gateway)));
    return c;
  };
  // A file's own parameter values replace the stack's: a test states the registry it assumes.
  const withParameters = (c: StackDetections, given: TestFile<AlertTest | QueryTest>["parameters"]): StackDetections =>
    Object.keys(given).length === 0 ? c : { ...c, parameters: { ...c.parameters, ...given } };
  const each = <T extends AlertTest | QueryTest>(file: TestFile<T>, run: (test: T, stack: StackDetections, records: Materialized) => string[] | { skip: string }) => {
    for (const test of file.tests) {
      const records = materialize(test.records, file.anchorMs, "ingestionDelay" in test ? test.ingestionDelay : 0);
      for (const stack of stacks) {
        const base = { file: file.file, where: test.where, test: test.name, stack };
        if (test.stacks && !test.stacks.includes(stack)) {
          outcomes.push({ ...base, status: "skip", details: [`the test is for ${test.stacks.join(", ")}`] });
          continue;
        }
        const r = run(test, withParameters(contextFor(stack, file.gatewayPrincipalIds), file.parameters), records);
        outcomes.push(Array.isArray(r) ? { ...base, status: r.length === 0 ? "pass" : "fail", details: r } : { ...base, status: "skip", details: [r.skip] });
      }
    }
  };
  for (const { file, alert } of loaded.alertFiles) each(file, (t, s, r) => runAlertTest(file, alert, t, s, r));
  for (const { file, query } of loaded.queryFiles) each(file, (t, s, r) => runQueryTest(file, query, t, s, r));
  return outcomes;
}

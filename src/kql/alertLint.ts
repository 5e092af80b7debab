import { InputError } from "../errors";
import { AlertDefinition, durationMinutes, loadAlertFiles, ResolvedAlert } from "./alerts";
import { CatalogQuery } from "./catalog";
import { analyzeCached } from "./analysisCache";
import { KqlAnalysis, lineCol } from "./kusto";
import { analysisPrefix, parameterValues, QueryParameterValues, renderQuery } from "./parameters";
import { WORKSPACE_FUNCTIONS, WORKSPACE_SCHEMA } from "./workspaceSchema";

/*
 * What a log search alert does with a query, checked before deployment. Azure validates little of
 * this at deploy time and nothing of it at plan time; a wrong measure or a count of a count deploys
 * fine and never fires. Facts: ../shared/reference/kql-and-alerts.md, "How a log search alert evaluates".
 */

export interface LintFinding {
  severity: "error" | "warning";
  message: string;
}

/** The scheduledQueryRules condition an alert becomes; the component deploys exactly this. */
export function alertCondition(alert: AlertDefinition | ResolvedAlert, query: string) {
  const m = alert.measure;
  return {
    criterionType: "StaticThresholdCriterion",
    query,
    // Counting rows: no measure column, Count. Measuring a column: that column with its aggregation.
    ...(m === "rows" ? { timeAggregation: "Count" } : { timeAggregation: m.aggregation, metricMeasureColumn: m.column }),
    dimensions: alert.dimensions.map((name) => ({ name, operator: "Include", values: ["*"] })),
    operator: alert.operator,
    threshold: alert.threshold,
    failingPeriods: { numberOfEvaluationPeriods: alert.failingPeriods?.evaluationPeriods ?? 1, minFailingPeriodsToAlert: alert.failingPeriods?.minFailing ?? 1 },
  };
}

/** The query text the rule runs: its parameters' values declared, then the body. */
export function deployedQuery(alert: AlertDefinition, values: QueryParameterValues): string {
  return renderQuery(alert.queryText, alert.parameters, values);
}

/** The rule's schedule and lifecycle as deployed: everything Azure evaluates besides the condition. */
export function ruleSchedule(alert: ResolvedAlert) {
  return {
    severity: alert.severity,
    enabled: alert.enabled,
    evaluationFrequency: alert.evaluationFrequency,
    windowSize: alert.windowSize,
    autoMitigate: alert.autoMitigate,
    ...(alert.muteActionsDuration === undefined ? {} : { muteActionsDuration: alert.muteActionsDuration }),
  };
}

const NUMERIC = ["int", "long", "real", "decimal"];
const DIMENSION_TYPES = ["string", ...NUMERIC];
/** Log alerts reject these (query restrictions of scheduled query rules). */
const FORBIDDEN_OPERATORS = ["search", "union", "take", "limit"];
const FORBIDDEN_PLUGINS = ["bag_unpack", "pivot", "narrow"];
/** Rule properties (query, description, ...) must stay under 64 KB. */
const MAX_PROPERTIES_BYTES = 64 * 1024;
const MAX_DESCRIPTION = 4096;
const AGO = /\bago\(\s*(\d+)\s*([dhm])\s*\)/g;
const UNIT_MINUTES: Record<string, number> = { d: 1440, h: 60, m: 1 };

/** Operators after which the row count stays what it was. */
const ROW_PRESERVING = ["project", "project-away", "project-keep", "project-rename", "project-reorder", "extend", "sort", "order", "serialize"];

/**
 * Whether the query ends in one row: a summarize without by or a count, followed only by operators that
 * keep the row count (a where after it may drop that row: `filtered`). Undefined when rows can be many.
 */
function singleRowTail(operators: KqlAnalysis["operators"]): { keyword: string; what: string; filtered: boolean } | undefined {
  const ordered = [...operators].sort((a, b) => a.start - b.start);
  const at = ordered.reduce((found, o, i) => (o.keyword === "summarize" || o.keyword === "count" ? i : found), -1);
  if (at < 0) return undefined;
  const op = ordered[at];
  if (op.keyword === "summarize" && op.hasBy !== false) return undefined;
  const tail = ordered.slice(at + 1).map((o) => o.keyword);
  if (!tail.every((k) => ROW_PRESERVING.includes(k) || k === "where")) return undefined;
  const what = op.keyword === "count" ? "| count" : tail.length > 0 ? `a summarize without by (then ${tail.join(", ")})` : "a summarize without by";
  return { keyword: op.keyword, what, filtered: tail.includes("where") };
}

/** The threshold in the file and each environment's override of it, with where each is written. */
function thresholds(alert: AlertDefinition): { where: string; threshold: number }[] {
  const own = [{ where: "threshold", threshold: alert.threshold }];
  const overrides = Object.entries(alert.environments ?? {}).flatMap(([env, o]) => (o?.threshold === undefined ? [] : [{ where: `environments.${env}.threshold`, threshold: o.threshold }]));
  return [...own, ...overrides];
}

/**
 * Why the condition can never be met, or undefined: a count is never negative, and a query that ends in
 * one row (summarize without by, | count) has at most 1 row to count.
 */
function neverFires(alert: AlertDefinition, threshold: number, singleRow: boolean): string | undefined {
  const counts = alert.measure === "rows" || alert.measure.aggregation === "Count";
  const op = alert.operator;
  if (counts && ((op === "LessThan" && threshold <= 0) || (op === "LessThanOrEqual" && threshold < 0) || (op === "Equal" && threshold < 0))) {
    return "a count is never negative";
  }
  if (alert.measure === "rows" && singleRow && ((op === "GreaterThan" && threshold >= 1) || (op === "GreaterThanOrEqual" && threshold > 1) || (op === "Equal" && threshold > 1))) {
    return "the query ends in one row, so it counts 0 or 1";
  }
  if (!Number.isFinite(threshold)) return "the threshold is not a finite number";
  return undefined;
}

/** Every finding for one alert, each `<file>: <field>: <problem>` or, inside inline KQL, `<file>:<line>:<col>: ...`. */
export function lintAlert(alert: AlertDefinition): LintFinding[] {
  const f = alert.file;
  const findings: LintFinding[] = [];
  const error = (message: string) => findings.push({ severity: "error", message });

  const prefix = analysisPrefix(alert.parameters);
  const analysis = analyzeCached(prefix + alert.queryText, WORKSPACE_SCHEMA);
  const located = (offset: number) => {
    const inQuery = Math.max(0, offset - prefix.length);
    const inFile = alert.locate?.(inQuery);
    if (inFile !== undefined) return inFile;
    const { line, col } = lineCol(alert.queryText, inQuery);
    // Inline KQL given without its file position (a component caller's own definition, a kql alias) is located in the KQL.
    return alert.query === undefined ? `${f}: kql:${line}:${col}` : `${f}: query ${alert.query}:${line}:${col}`;
  };
  for (const d of analysis.diagnostics.filter((x) => x.severity === "Error")) error(`${located(d.start)}: ${d.code} ${d.message}`);
  if (findings.length > 0) return findings;

  const columns = new Map(analysis.resultColumns.map((c) => [c.name, c.type]));
  const shown = [...columns].map(([n, t]) => `${n}:${t}`).join(", ");
  if (alert.measure !== "rows") {
    const type = columns.get(alert.measure.column);
    if (type === undefined) error(`${f}: measure.column: ${alert.measure.column} is not a column of the query's result (${shown})`);
    else if (!NUMERIC.includes(type)) error(`${f}: measure.column: ${alert.measure.column} is ${type}; the measure must be numeric (int, long, real)`);
  }
  alert.dimensions.forEach((d, i) => {
    const type = columns.get(d);
    if (type === undefined) error(`${f}: dimensions[${i}]: ${d} is not a column of the query's result (${shown})`);
    else if (!DIMENSION_TYPES.includes(type)) error(`${f}: dimensions[${i}]: ${d} is ${type}; dimensions must be strings or numbers`);
  });
  if ((alert.failingPeriods?.evaluationPeriods ?? 1) > 1 && ![...columns.values()].includes("datetime")) {
    error(`${f}: failingPeriods: evaluating ${alert.failingPeriods?.evaluationPeriods} periods needs a datetime column in the query's result (keep TimeGenerated or bin it)`);
  }
  if (alert.failingPeriods && alert.failingPeriods.minFailing > alert.failingPeriods.evaluationPeriods) {
    error(`${f}: failingPeriods.minFailing: ${alert.failingPeriods.minFailing} is more than evaluationPeriods (${alert.failingPeriods.evaluationPeriods})`);
  }

  const single = singleRowTail(analysis.operators);
  if (alert.measure === "rows" && single?.filtered === false) {
    error(`${f}: measure: counting rows of a query that ends in ${single.what} always counts 1; drop the ${single.keyword} and count rows, or name the count (FailedCount = count() by ...) and measure that column with Total`);
  }
  for (const { where, threshold } of thresholds(alert)) {
    // An unfiltered single row is the count-of-count error above; a filtered one still counts at most 1.
    const never = neverFires(alert, threshold, single?.filtered === true);
    if (never) error(`${f}: ${where}: ${alert.operator} ${threshold} can never fire: ${never}`);
  }
  for (const op of analysis.operators) if (FORBIDDEN_OPERATORS.includes(op.keyword)) error(`${located(op.start)}: ${op.keyword} is not allowed in a log alert query`);
  for (const call of analysis.functionCalls) if (FORBIDDEN_PLUGINS.includes(call.name)) error(`${located(call.start)}: ${call.name} is not supported in log alert queries`);
  const reserved = /\bAggregatedValue\b/.exec(alert.queryText);
  if (reserved) error(`${located(prefix.length + reserved.index)}: AggregatedValue is reserved in log alerts; name the column something else`);
  for (const fn of WORKSPACE_FUNCTIONS) {
    if (analysis.referencedNames.includes(fn.name)) {
      error(`${f}: query: calls the ${fn.name} function; alert queries read ${fn.body} directly (one-minute rules reject functions that read tables, and editing the function would silently change the alert)`);
    }
  }

  const window = durationMinutes(alert.windowSize) ?? 0;
  const frequencies = [alert.evaluationFrequency, ...Object.values(alert.environments ?? {}).map((o) => o?.evaluationFrequency)].filter((x): x is string => x !== undefined);
  for (const freq of new Set(frequencies)) {
    if ((durationMinutes(freq) ?? 0) > window) error(`${f}: evaluationFrequency: ${freq} is longer than windowSize ${alert.windowSize}; records between windows would never be evaluated`);
  }
  for (const m of alert.queryText.matchAll(AGO)) {
    const minutes = Number(m[1]) * UNIT_MINUTES[m[2]];
    if (minutes > window) findings.push({ severity: "warning", message: `${located(prefix.length + (m.index ?? 0))}: ago(${m[1]}${m[2]}) reaches further back than windowSize ${alert.windowSize}; the rule's time range wins, so the query sees less than it says` });
  }
  if (alert.muteActionsDuration !== undefined) {
    if (alert.autoMitigate) error(`${f}: muteActionsDuration: needs autoMitigate: false (Azure rejects muting a stateful rule)`);
    if ((durationMinutes(alert.muteActionsDuration) ?? 0) < (durationMinutes(alert.evaluationFrequency) ?? 0)) error(`${f}: muteActionsDuration: ${alert.muteActionsDuration} is shorter than evaluationFrequency ${alert.evaluationFrequency}`);
  }
  if (alert.autoMitigate && (durationMinutes(alert.evaluationFrequency) ?? 0) > 720) error(`${f}: autoMitigate: stateful rules cannot evaluate less often than every 12 hours`);

  const problem = rulePropertiesProblem(alert, parameterValues({}));
  if (problem) error(problem);
  return findings;
}

/**
 * Why the rule's properties, rendered with the parameter values it will run with, exceed what Azure
 * stores: 64 KB for the whole properties object and 4,096 characters of description (Learn: Azure
 * Monitor service limits, "Log search alerts"). Measured with the real values, because an approval list
 * of thousands of servers turns a short query into a long one.
 */
export function rulePropertiesProblem(alert: AlertDefinition, values: QueryParameterValues): string | undefined {
  if (alert.description.length > MAX_DESCRIPTION) return `${alert.file}: description: is ${alert.description.length} characters; Azure allows ${MAX_DESCRIPTION}`;
  const properties = { displayName: alert.name, description: alert.description, criteria: { allOf: [alertCondition(alert, deployedQuery(alert, values))] } };
  const size = Buffer.byteLength(JSON.stringify(properties));
  if (size <= MAX_PROPERTIES_BYTES) return undefined;
  const counts = alert.parameters.filter((p) => values[p].length > 0).map((p) => `${p}: ${values[p].length} values`);
  if (counts.length === 0) return `${alert.file}: query: the rule's properties are ${size} bytes; Azure allows ${MAX_PROPERTIES_BYTES}`;
  return `${alert.file}: query: the rule's properties are ${size} bytes with this stack's parameter values (${counts.join(", ")}); Azure allows ${MAX_PROPERTIES_BYTES}; shorten the lists or split the rule`;
}

/** Lints every alert; the messages of errors and of warnings, in file order. */
export function lintAlerts(alerts: readonly AlertDefinition[]): { errors: string[]; warnings: string[] } {
  const all = alerts.flatMap(lintAlert);
  return { errors: all.filter((x) => x.severity === "error").map((x) => x.message), warnings: all.filter((x) => x.severity === "warning").map((x) => x.message) };
}

/**
 * Loads alerts/*.yaml and lints every rule: what `mcp-guard validate`, `plan` and `pulumi up` run.
 * Throws InputError with every schema problem and lint error; warnings come back with the alerts.
 */
export function loadCheckedAlerts(dir: string, catalog: readonly CatalogQuery[]): { alerts: AlertDefinition[]; warnings: string[] } {
  const alerts = loadAlertFiles(dir, catalog);
  const { errors, warnings } = lintAlerts(alerts);
  if (errors.length > 0) throw new InputError("invalid alert definitions", errors);
  return { alerts, warnings };
}

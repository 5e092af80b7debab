import { InputError } from "../errors";
import { AlertDefinition, durationMinutes, loadAlertFiles, ResolvedAlert } from "./alerts";
import { CatalogQuery } from "./catalog";
import { analyzeCached } from "./analysisCache";
import { lineCol } from "./kusto";
import { analysisPrefix, QueryParameterValues, renderQuery } from "./parameters";
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
const AGO = /\bago\(\s*(\d+)\s*([dhm])\s*\)/g;
const UNIT_MINUTES: Record<string, number> = { d: 1440, h: 60, m: 1 };

/** Every finding for one alert, each `<file>: <field>: <problem>` or, inside inline KQL, `<file>:<line>:<col>: ...`. */
export function lintAlert(alert: AlertDefinition): LintFinding[] {
  const f = alert.file;
  const findings: LintFinding[] = [];
  const error = (message: string) => findings.push({ severity: "error", message });

  const prefix = analysisPrefix(alert.parameters);
  const analysis = analyzeCached(prefix + alert.queryText, WORKSPACE_SCHEMA);
  const located = (offset: number) => {
    const inQuery = Math.max(0, offset - prefix.length);
    if (alert.locate) return alert.locate(inQuery);
    const { line, col } = lineCol(alert.queryText, inQuery);
    return `${f}: query ${alert.query}:${line}:${col}`;
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

  const last = [...analysis.operators].sort((a, b) => a.start - b.start).pop();
  if (alert.measure === "rows" && last?.keyword === "summarize" && last.hasBy === false) {
    error(`${f}: measure: counting rows of a query that ends in a summarize without by always counts 1; drop the summarize and count rows, or name the count (FailedCount = count() by ...) and measure that column with Total`);
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

  const size = Buffer.byteLength(JSON.stringify({ description: alert.description, criteria: { allOf: [alertCondition(alert, prefix + alert.queryText)] } }));
  if (size > MAX_PROPERTIES_BYTES) error(`${f}: query: the rule's properties are ${size} bytes; Azure allows 65536`);
  return findings;
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

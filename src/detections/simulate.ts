import { QueryResult, RecordSet, runQuery } from "../kql/engine";
import { DeployedRule } from "./rule";
import { isoDurationMs } from "./time";

/*
 * Azure Monitor log search alert evaluation, offline. Each rule of Azure's cites its source:
 * - [create] https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-create-log-alert-rule
 *   (measure, aggregation, split by dimensions, number of violations, frequency, automatically resolve, mute actions)
 * - [state] https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-overview#alerts-and-state
 * - [spec] azure-rest-api-specs specification/monitor/resource-manager/Microsoft.Insights/preview/
 *   2025-01-01-preview/scheduledQueryRule_API.json (the api-version azure-native 3.28 deploys with):
 *   windowSize, failingPeriods, overrideQueryTimeRange.
 * - [latency] https://learn.microsoft.com/azure/azure-monitor/logs/data-ingestion-time and
 *   https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-troubleshoot-log
 */

export type SeriesState = "fired" | "still-fired" | "resolved" | "ok";

/** One dimension combination at one evaluation. */
export interface SeriesResult {
  /** The combination's values, by dimension name ({} for a rule without dimensions). */
  dimensions: Record<string, unknown>;
  /** The aggregated value over the whole query range (the most recent period when there are several); undefined: no rows. */
  value?: number;
  /** Per period, oldest first, when the rule evaluates several (failingPeriods). */
  periods?: (number | undefined)[];
  /** Whether the condition held at this evaluation (enough failing periods). */
  met: boolean;
  state: SeriesState;
  /** For a newly fired alert: whether its action groups were called or muted (muteActionsDuration). */
  actions?: "sent" | "muted";
}

export interface Evaluation {
  /** Evaluation time (epoch ms): the query's now(). */
  time: number;
  /** The query's time range, [from, to). */
  range: { from: number; to: number };
  /** Records the query could see (in range and ingested by then), per table. */
  visible: number;
  series: SeriesResult[];
}

export interface Simulation {
  rule: DeployedRule;
  /** False when the stack deploys the rule disabled: Azure never evaluates it. */
  enabled: boolean;
  evaluations: Evaluation[];
}

export interface SimulateOptions {
  /** First evaluation time (epoch ms). Evaluations follow at evaluationFrequency while <= `to`. */
  from: number;
  to: number;
  /**
   * How long after its TimeGenerated a record becomes queryable (ms), for every record or per record.
   * A record is visible to an evaluation at t only once TimeGenerated + delay <= t. @default 0
   */
  ingestionDelay?: number | ((record: Record<string, unknown>, table: string) => number);
}

/**
 * Evaluations a stateful alert needs with the condition not met before Azure resolves it [create],
 * [state]: 1-minute rules after 10 minutes, 5 to 15 minutes three periods, 15 minutes to 11 hours two,
 * 11 to 12 hours one. The table's ranges overlap at their ends; each range is read as including its lower
 * bound (15 minutes: two periods). Frequencies between 1 and 5 minutes are not listed; they get the
 * 1-minute rule's 10 minutes.
 */
export function resolveAfterEvaluations(frequencyMs: number): number {
  const minutes = frequencyMs / 60_000;
  if (minutes < 5) return Math.ceil(10 / minutes);
  if (minutes < 15) return 3;
  if (minutes < 660) return 2;
  return 1;
}

const OPERATORS: Record<string, (v: number, t: number) => boolean> = {
  GreaterThan: (v, t) => v > t,
  GreaterThanOrEqual: (v, t) => v >= t,
  LessThan: (v, t) => v < t,
  LessThanOrEqual: (v, t) => v <= t,
  Equal: (v, t) => v === t,
};

function aggregate(rows: readonly Record<string, unknown>[], timeAggregation: string, column: string | undefined): number | undefined {
  // Table rows: the number of result rows [create, "Measure"]. Otherwise the measure column's values.
  if (column === undefined) return rows.length;
  if (timeAggregation === "Count") return rows.length;
  const values = rows.map((r) => r[column]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (values.length === 0) return undefined;
  switch (timeAggregation) {
    case "Total":
      return values.reduce((a, b) => a + b, 0);
    case "Average":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "Minimum":
      return Math.min(...values);
    case "Maximum":
      return Math.max(...values);
    default:
      throw new Error(`timeAggregation ${timeAggregation} is not one Azure offers`);
  }
}

/** The result's time column for failing periods: TimeGenerated when the result has it, else its first datetime column. */
function timeColumn(result: QueryResult): string | undefined {
  const datetimes = result.columns.filter((c) => c.type === "datetime").map((c) => c.name);
  return datetimes.includes("TimeGenerated") ? "TimeGenerated" : datetimes[0];
}

interface SeriesMemory {
  dimensions: Record<string, unknown>;
  /** A stateful alert is open (fired and not yet resolved). */
  open: boolean;
  cleanEvaluations: number;
  /** Actions stay muted until this time (stateless rules with muteActionsDuration). */
  mutedUntil: number;
}

/** Index of the first row (sorted by time) at or after `ms`. */
function firstAtOrAfter(rows: readonly { time: number }[], ms: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].time < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Replays a deployed rule over logs as Azure would evaluate it: one query per evaluation, with now() at
 * the evaluation time, over windowSize x numberOfEvaluationPeriods ending then, seeing only records
 * ingested by then; the value per dimension combination, the threshold, failing periods and the
 * alert's state.
 */
export function simulateAlert(rule: DeployedRule, tables: Record<string, readonly Record<string, unknown>[]>, options: SimulateOptions): Simulation {
  // A disabled rule is never evaluated.
  if (!rule.schedule.enabled) return { rule, enabled: false, evaluations: [] };
  const frequency = isoDurationMs(rule.schedule.evaluationFrequency);
  const window = isoDurationMs(rule.schedule.windowSize);
  const c = rule.condition;
  const periods = c.failingPeriods.numberOfEvaluationPeriods;
  // The query time range defaults to windowSize x numberOfEvaluationPeriods [spec, overrideQueryTimeRange];
  // mcp-guard never overrides it. Each period is one windowSize of it [spec, numberOfEvaluationPeriods].
  const span = window * periods;
  const resolveAfter = resolveAfterEvaluations(frequency);
  const mute = rule.schedule.muteActionsDuration === undefined ? 0 : isoDurationMs(rule.schedule.muteActionsDuration);
  const compare = OPERATORS[c.operator];
  const dimensionNames = c.dimensions.map((d) => d.name);
  const measure = "metricMeasureColumn" in c ? c.metricMeasureColumn : undefined;

  // Parse every record's time and arrival once, and hand the engine one record set per table, in time
  // order: it types each record once, and each evaluation passes only the part its window sees.
  const prepared = Object.entries(tables).map(([table, records]) => {
    const times = records.map((record) => Date.parse(String(record.TimeGenerated)));
    const order = records.map((_, i) => i).sort((a, b) => times[a] - times[b]);
    const delay = (i: number) => (typeof options.ingestionDelay === "function" ? options.ingestionDelay(records[i], table) : (options.ingestionDelay ?? 0));
    return {
      table,
      set: RecordSet.of(records).reorder(order),
      rows: order.map((i) => ({ time: times[i], arrives: times[i] + delay(i) })),
    };
  });

  const memory = new Map<string, SeriesMemory>();
  const evaluations: Evaluation[] = [];
  for (let t = options.from; t <= options.to; t += frequency) {
    const range = { from: t - span, to: t };
    let visible = 0;
    const visibleTables: Record<string, RecordSet> = {};
    for (const { table, set, rows } of prepared) {
      // Logs are queryable only after ingestion [latency]; Azure retries late evaluations, which this
      // models as the worst case: what has not arrived by the evaluation is not seen by it.
      visibleTables[table] = set.slice(firstAtOrAfter(rows, range.from), firstAtOrAfter(rows, range.to), (i) => rows[i].arrives <= t);
      visible += visibleTables[table].length;
    }
    const result = runQuery(rule.query, { tables: visibleTables, now: new Date(t), timeRange: { from: new Date(range.from), to: new Date(range.to) } });

    // Split by dimensions: each combination of values is its own series [create, "Split by dimensions"].
    const groups = new Map<string, { dimensions: Record<string, unknown>; rows: Record<string, unknown>[] }>();
    for (const row of result.rows) {
      const dimensions = Object.fromEntries(dimensionNames.map((d) => [d, row[d] ?? null]));
      const key = JSON.stringify(dimensionNames.map((d) => dimensions[d]));
      const g = groups.get(key) ?? { dimensions, rows: [] };
      g.rows.push(row);
      groups.set(key, g);
    }
    // Without dimensions, no rows is a row count of 0, which a LessThan rule can alert on.
    if (dimensionNames.length === 0 && groups.size === 0 && measure === undefined) groups.set("[]", { dimensions: {}, rows: [] });

    const series: SeriesResult[] = [];
    const tcol = periods > 1 ? timeColumn(result) : undefined;
    for (const [key, g] of groups) {
      let values: (number | undefined)[];
      if (periods > 1) {
        // Number of violations: the query's rows fall into periods of windowSize by their datetime
        // column, which the rule needs for this [create, "Number of violations"].
        if (tcol === undefined) throw new Error(`${rule.file}: failingPeriods needs a datetime column in the query's result`);
        const buckets: Record<string, unknown>[][] = Array.from({ length: periods }, () => []);
        for (const row of g.rows) {
          const at = Date.parse(String(row[tcol]));
          // Period k (0 the newest) is [t - (k+1) x windowSize, t - k x windowSize): a bin's start time labels its own period.
          const k = Math.ceil((t - at) / window) - 1;
          if (k >= 0 && k < periods) buckets[periods - 1 - k].push(row);
        }
        values = buckets.map((b) => (b.length === 0 && measure === undefined ? 0 : b.length === 0 ? undefined : aggregate(b, c.timeAggregation, measure)));
      } else {
        values = [aggregate(g.rows, c.timeAggregation, measure)];
      }
      const failing = values.filter((v) => v !== undefined && compare(v, c.threshold)).length;
      const met = failing >= c.failingPeriods.minFailingPeriodsToAlert;
      series.push({ dimensions: g.dimensions, value: values[values.length - 1], ...(periods > 1 ? { periods: values } : {}), met, state: "ok" });
      if (!memory.has(key)) memory.set(key, { dimensions: g.dimensions, open: false, cleanEvaluations: 0, mutedUntil: -Infinity });
    }
    // Open alerts whose combination returned no rows this time are evaluated as not met.
    for (const [key, m] of memory) {
      if (!groups.has(key) && m.open) series.push({ dimensions: m.dimensions, met: false, state: "ok" });
    }

    for (const s of series) {
      const key = JSON.stringify(dimensionNames.map((d) => s.dimensions[d]));
      const m = memory.get(key);
      if (!m) continue;
      if (!rule.schedule.autoMitigate) {
        // Stateless: an alert each time the condition is met; mute actions holds the actions back for
        // a while after one fired [state, "Stateless alerts"], [create, "Mute actions"].
        if (s.met) {
          s.state = "fired";
          s.actions = t < m.mutedUntil ? "muted" : "sent";
          if (s.actions === "sent" && mute > 0) m.mutedUntil = t + mute;
        }
        continue;
      }
      // Stateful: fires once, stays fired while met, resolves after enough clean evaluations [state].
      if (s.met) {
        s.state = m.open ? "still-fired" : "fired";
        if (!m.open) s.actions = "sent";
        m.open = true;
        m.cleanEvaluations = 0;
      } else if (m.open) {
        m.cleanEvaluations++;
        if (m.cleanEvaluations >= resolveAfter) {
          s.state = "resolved";
          m.open = false;
          m.cleanEvaluations = 0;
        } else {
          s.state = "still-fired";
        }
      }
    }
    series.sort((a, b) => JSON.stringify(a.dimensions).localeCompare(JSON.stringify(b.dimensions)));
    evaluations.push({ time: t, range, visible, series });
  }
  return { rule, enabled: true, evaluations };
}

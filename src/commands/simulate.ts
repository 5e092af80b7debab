import * as path from "node:path";
import { loadAlertFiles } from "../kql/alerts";
import { loadQueryCatalog } from "../kql/catalog";
import { KqlInputError, KqlUnsupportedError } from "../kql/engine";
import { UsageError } from "../errors";
import { readLogFile } from "../detections/logFiles";
import { deployedRule } from "../detections/rule";
import { resolveAfterEvaluations, simulateAlert } from "../detections/simulate";
import { stackDetections } from "../detections/stacks";
import { isoDurationMs, isoUtc } from "../detections/time";
import { flagInstant, Io, queryInputs, replayStack, singleTable } from "./common";

export interface SimulateFlags {
  alert: string;
  logs: string;
  from?: string;
  to?: string;
  stack?: string;
  format: string;
  gatewayPrincipalIds?: string;
  cwd: string;
}

const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

/**
 * `mcp-guard simulate`: replays exported logs through one alert as a stack deploys it and prints when it
 * would fire and resolve (text), or every evaluation (--format json, one object per line).
 */
export function simulateCommand(flags: SimulateFlags, io: Io): number {
  if (flags.format !== "text" && flags.format !== "json") throw new UsageError(`--format ${JSON.stringify(flags.format)} is not allowed; allowed text, json`);
  const root = path.resolve(flags.cwd);
  const catalog = loadQueryCatalog(path.join(root, "queries"));
  const alerts = loadAlertFiles(path.join(root, "alerts"), catalog);
  const alert = alerts.find((a) => a.name === flags.alert);
  if (!alert) throw new UsageError(`--alert ${flags.alert}: no such alert; allowed ${alerts.map((a) => a.name).join(", ")}`);
  const stack = replayStack(root, flags.stack);
  const gateway = (flags.gatewayPrincipalIds ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const ctx = stackDetections(root, stack, gateway);
  const rule = deployedRule(alert, ctx.environment, ctx.parameters, ctx.thresholds);
  const table = singleTable(queryInputs(rule.query).tables, `alert ${alert.name}`);
  const records = readLogFile(path.resolve(flags.cwd, flags.logs), table);
  if (records.length === 0) throw new UsageError(`--logs ${flags.logs}: no records`);

  const step = isoDurationMs(rule.schedule.evaluationFrequency);
  const times = records.map((r) => Date.parse(String(r.TimeGenerated)));
  const span = isoDurationMs(rule.schedule.windowSize) * rule.condition.failingPeriods.numberOfEvaluationPeriods;
  // By default: from the first evaluation that can see the first record until the last record has left
  // the window and an open alert has had its clean evaluations to resolve.
  const first = times.reduce((m, t) => Math.min(m, t), Infinity);
  const last = times.reduce((m, t) => Math.max(m, t), -Infinity);
  const from = flagInstant("--from", flags.from) ?? ceilTo(first + 1, step);
  const to = flagInstant("--to", flags.to) ?? ceilTo(last + span + resolveAfterEvaluations(step) * step, step);
  if (to < from) throw new UsageError(`--to ${isoUtc(to)} is before --from ${isoUtc(from)}`);
  let sim;
  try {
    sim = simulateAlert(rule, { [table]: records }, { from, to });
  } catch (err) {
    if (err instanceof KqlInputError || err instanceof KqlUnsupportedError) throw new UsageError(`${alert.file}: ${err.message}`);
    throw err;
  }

  if (!sim.enabled) {
    io.err(`${alert.name} is disabled in ${stack} (${rule.disabledReason ?? "no reason given"}): Azure never evaluates it\n`);
    return 0;
  }
  if (flags.format === "json") {
    for (const e of sim.evaluations) {
      io.out(`${JSON.stringify({
        time: isoUtc(e.time),
        queryRange: { from: isoUtc(e.range.from), to: isoUtc(e.range.to) },
        series: e.series.map((s) => ({ dimensions: s.dimensions, value: s.value ?? null, ...(s.periods ? { periods: s.periods.map((p) => p ?? null) } : {}), state: s.state, ...(s.actions ? { actions: s.actions } : {}) })),
      })}\n`);
    }
    return 0;
  }
  const c = rule.condition;
  const measure = "metricMeasureColumn" in c ? `${c.timeAggregation} of ${c.metricMeasureColumn}` : "result rows";
  io.out(`${alert.name} as ${stack} deploys it: every ${rule.schedule.evaluationFrequency} over ${rule.schedule.windowSize}, ${measure} ${c.operator} ${c.threshold}${c.dimensions.length ? ` per ${c.dimensions.map((d) => d.name).join(", ")}` : ""}\n`);
  io.out(`${records.length} records from ${flags.logs}; ${sim.evaluations.length} evaluations from ${isoUtc(from)} to ${isoUtc(to)}\n\n`);
  let fired = 0;
  let resolved = 0;
  for (const e of sim.evaluations) {
    for (const s of e.series.filter((x) => x.state === "fired" || x.state === "resolved")) {
      if (s.state === "fired") fired++;
      else resolved++;
      const dims = Object.entries(s.dimensions).map(([k, v]) => `${k}=${String(v)}`).join(" ");
      io.out(`${isoUtc(e.time)}  ${s.state.padEnd(8)}  ${dims}${s.value === undefined ? "" : `  value ${s.value}`}${s.actions === "muted" ? "  (actions muted)" : ""}\n`);
    }
  }
  io.out(`${fired === 0 && resolved === 0 ? "" : "\n"}${fired} fired, ${resolved} resolved\n`);
  return 0;
}

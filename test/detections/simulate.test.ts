import * as path from "node:path";
import { AlertDefinition, parseAlertFile } from "../../src/kql/alerts";
import { loadQueryCatalog } from "../../src/kql/catalog";
import { parameterValues } from "../../src/kql/parameters";
import { deployedRule } from "../../src/detections/rule";
import { resolveAfterEvaluations, Simulation, simulateAlert } from "../../src/detections/simulate";
import { ROOT } from "../helpers";

/*
 * The simulator's Azure rules, each on a small rule and hand-placed records so the expected timeline can
 * be read off the Learn pages cited in src/detections/simulate.ts. Realistic volumes are the test files'.
 */
const catalog = loadQueryCatalog(path.join(ROOT, "queries"));
const T0 = Date.parse("2026-12-02T14:00:00Z");
const MIN = 60_000;

function rule(fields: string, kql = "MCPServerLogs_CL\n  | summarize Calls = count() by User") {
  const src = `name: x\ndescription: A rule written inside a test to exercise one rule of Azure's.\nseverity: 3\nkql: |\n  ${kql}\nactionGroups: [security-team]\n${fields}\n`;
  const { alert, problems } = parseAlertFile("alerts/x.yaml", src, catalog);
  if (!alert) throw new Error(problems.join("\n"));
  return deployedRule(alert satisfies AlertDefinition, "prod", parameterValues({}));
}
const BASE = "evaluationFrequency: PT5M\nwindowSize: PT15M\nmeasure: {column: Calls, aggregation: Total}\ndimensions: [User]\noperator: GreaterThan\nthreshold: 2";
const at = (minutes: number, fields: Record<string, unknown> = {}) => ({ TimeGenerated: new Date(T0 + minutes * MIN).toISOString(), User: "ann@contoso.com", ...fields });
/** Per evaluation (minutes from T0): the states of every series, as `<value>:<state>`. */
const timeline = (sim: Simulation) => Object.fromEntries(sim.evaluations.map((e) => [(e.time - T0) / MIN, e.series.map((s) => `${s.value ?? "-"}:${s.state}`).join(" ")]));

describe("simulateAlert: Azure's evaluation of a log search alert", () => {
  it("evaluates every evaluationFrequency over windowSize ending at the evaluation, now() being the evaluation time", () => {
    const r = rule(BASE, "MCPServerLogs_CL\n  | where TimeGenerated > ago(10m)\n  | summarize Calls = count() by User");
    // Three calls at -12m: inside the 15-minute window of the evaluation at 0 but older than ago(10m) there.
    const sim = simulateAlert(r, { MCPServerLogs_CL: [at(-12), at(-12), at(-12)] }, { from: T0 - 10 * MIN, to: T0 });
    expect(sim.evaluations.map((e) => [(e.time - T0) / MIN, (e.range.from - T0) / MIN, (e.range.to - T0) / MIN])).toEqual([[-10, -25, -10], [-5, -20, -5], [0, -15, 0]]);
    // At 0 the calls are still in the window but ago(10m) = -10m excludes them: now() moved with the evaluation.
    expect(timeline(sim)).toEqual({ "-10": "3:fired", "-5": "3:still-fired", "0": "-:still-fired" });
  });

  it("includes the range's start and excludes its end", () => {
    const sim = simulateAlert(rule(BASE), { MCPServerLogs_CL: [at(-15), at(-15), at(-15), at(0), at(0), at(0)] }, { from: T0, to: T0 });
    expect(timeline(sim)).toEqual({ "0": "3:fired" });
  });

  it("sees a record only once it is ingested: TimeGenerated plus the delay at or before the evaluation", () => {
    const records = [at(-1), at(-1), at(-1)];
    expect(timeline(simulateAlert(rule(BASE), { MCPServerLogs_CL: records }, { from: T0, to: T0 + 5 * MIN, ingestionDelay: 2 * MIN }))).toEqual({ "0": "", "5": "3:fired" });
    expect(timeline(simulateAlert(rule(BASE), { MCPServerLogs_CL: records }, { from: T0, to: T0, ingestionDelay: MIN }))).toEqual({ "0": "3:fired" });
    const perRecord = simulateAlert(rule(BASE), { MCPServerLogs_CL: records }, { from: T0, to: T0, ingestionDelay: (r) => (r === records[0] ? 10 * MIN : 0) });
    expect(timeline(perRecord)).toEqual({ "0": "2:ok" });
  });

  it("splits by dimensions and aggregates the measure column with Total, Average, Minimum, Maximum or Count", () => {
    const kql = "MCPServerLogs_CL\n  | summarize Calls = count() by User, ServerName";
    const records = [at(-1, { ServerName: "github" }), at(-1, { ServerName: "github" }), at(-2, { ServerName: "ado" }), at(-2, { User: "bob@contoso.com", ServerName: "github" })];
    const values = (aggregation: string) => {
      const sim = simulateAlert(rule(BASE.replace("aggregation: Total", `aggregation: ${aggregation}`), kql), { MCPServerLogs_CL: records }, { from: T0, to: T0 });
      return sim.evaluations[0].series.map((s) => [s.dimensions.User, s.value]);
    };
    expect(values("Total")).toEqual([["ann@contoso.com", 3], ["bob@contoso.com", 1]]);
    expect(values("Average")).toEqual([["ann@contoso.com", 1.5], ["bob@contoso.com", 1]]);
    expect(values("Minimum")).toEqual([["ann@contoso.com", 1], ["bob@contoso.com", 1]]);
    expect(values("Maximum")).toEqual([["ann@contoso.com", 2], ["bob@contoso.com", 1]]);
    expect(values("Count")).toEqual([["ann@contoso.com", 2], ["bob@contoso.com", 1]]);
  });

  it("counts result rows when the measure is rows, and a rule without dimensions sees no rows as 0", () => {
    const rows = rule("evaluationFrequency: PT5M\nwindowSize: PT5M\nmeasure: rows\noperator: LessThan\nthreshold: 1", "MCPServerLogs_CL\n  | where ResultType == \"Success\"");
    const sim = simulateAlert(rows, { MCPServerLogs_CL: [at(-7, { ResultType: "Success" })] }, { from: T0 - 5 * MIN, to: T0 });
    expect(timeline(sim)).toEqual({ "-5": "1:ok", "0": "0:fired" });
  });

  it("needs minFailing of numberOfEvaluationPeriods periods over windowSize x periods, split by the result's time column", () => {
    const r = rule("evaluationFrequency: PT5M\nwindowSize: PT5M\nmeasure: {column: Calls, aggregation: Total}\ndimensions: [User]\noperator: GreaterThan\nthreshold: 2\nfailingPeriods: {evaluationPeriods: 3, minFailing: 2}", "MCPServerLogs_CL\n  | summarize Calls = count() by User, bin(TimeGenerated, 5m)");
    const burst = (m: number) => [at(m), at(m), at(m)];
    const one = simulateAlert(r, { MCPServerLogs_CL: burst(-2) }, { from: T0, to: T0 });
    expect(one.evaluations[0].series.map((s) => [s.periods, s.met])).toEqual([[[undefined, undefined, 3], false]]);
    expect(one.evaluations[0].range.from).toBe(T0 - 15 * MIN);
    const two = simulateAlert(r, { MCPServerLogs_CL: [...burst(-12), ...burst(-2)] }, { from: T0, to: T0 });
    expect(two.evaluations[0].series.map((s) => [s.periods, s.state])).toEqual([[[3, undefined, 3], "fired"]]);
  });

  it("keeps a stateful alert fired while the condition holds and resolves it after the documented clean evaluations", () => {
    const records = [at(-1), at(-1), at(-1)];
    // 5-minute rule: three clean evaluations. The burst leaves the 15-minute window at +15m.
    const sim = simulateAlert(rule(BASE), { MCPServerLogs_CL: records }, { from: T0, to: T0 + 35 * MIN });
    expect(timeline(sim)).toEqual({ "0": "3:fired", "5": "3:still-fired", "10": "3:still-fired", "15": "-:still-fired", "20": "-:still-fired", "25": "-:resolved", "30": "", "35": "" });
    // 15-minute rule: two clean evaluations.
    const slow = simulateAlert(rule(BASE.replace("PT5M", "PT15M")), { MCPServerLogs_CL: records }, { from: T0, to: T0 + 45 * MIN });
    expect(timeline(slow)).toEqual({ "0": "3:fired", "15": "-:still-fired", "30": "-:resolved", "45": "" });
    expect([1, 5, 10, 15, 60, 660, 720].map((m) => resolveAfterEvaluations(m * MIN))).toEqual([10, 3, 3, 2, 2, 1, 1]);
  });

  it("fires a stateless alert at every evaluation that meets the condition, muting its actions for muteActionsDuration", () => {
    const r = rule(`${BASE}\nautoMitigate: false\nmuteActionsDuration: PT10M`);
    // The calls at -1m stay in the 15-minute window for the evaluations at 0, 5 and 10.
    const sim = simulateAlert(r, { MCPServerLogs_CL: [at(-1), at(-1), at(-1)] }, { from: T0, to: T0 + 20 * MIN });
    expect(sim.evaluations.map((e) => e.series.map((s) => `${s.state}/${s.actions ?? ""}`).join())).toEqual(["fired/sent", "fired/muted", "fired/sent", "", ""]);
  });

  it("never evaluates a rule its stack deploys disabled", () => {
    const src = `${BASE}\nenvironments:\n  prod:\n    enabled: false\n    reason: not wanted in this test's production`;
    const sim = simulateAlert(rule(src), { MCPServerLogs_CL: [at(-1), at(-1), at(-1)] }, { from: T0, to: T0 });
    expect(sim).toMatchObject({ enabled: false, evaluations: [] });
  });
});

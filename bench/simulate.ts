import * as path from "node:path";
import { loadAlertFiles } from "../src/kql/alerts";
import { loadQueryCatalog } from "../src/kql/catalog";
import { generate } from "../src/detections/generators";
import { deployedRule } from "../src/detections/rule";
import { simulateAlert } from "../src/detections/simulate";
import { stackDetections } from "../src/detections/stacks";

/*
 * The alert simulator's share of `npm run bench`: one day of evaluations of every shipped rule at its
 * own frequency, as prod deploys it, over two days of a 20-developer team's normal use (the rules with a
 * 2-day window need the history). One run each: a day of hourly anomaly evaluations is the slowest part.
 */
export function simulationBench(): string[] {
  const root = path.resolve(__dirname, "..");
  const catalog = loadQueryCatalog(path.join(root, "queries"));
  const stack = stackDetections(root, "prod", ["00000000-0000-4000-a000-000000000001"]);
  const end = Date.parse("2026-12-02T14:00:00Z");
  const mcp = generate("normal-use", { from: -2 * 86_400_000, to: 0, users: 20 }, { anchorMs: end }).map((g) => g.record);
  const kv = generate("secret-reads", { from: -2 * 86_400_000, to: 0, count: 2000, callerObjectIds: stack.parameters.gatewayPrincipalIds }, { anchorMs: end }).map((g) => g.record);
  const lines = ["## Alert simulation", "", `One day of evaluations per shipped rule at its frequency (prod), over ${mcp.length.toLocaleString("en")} MCP records and ${kv.length.toLocaleString("en")} Key Vault reads (two days of normal use), one run.`, "", "| alert | frequency | evaluations | seconds |", "|---|---|---|---|"];
  for (const alert of loadAlertFiles(path.join(root, "alerts"), catalog)) {
    const rule = deployedRule(alert, stack.environment, stack.parameters);
    const start = process.hrtime.bigint();
    const sim = simulateAlert(rule, { MCPServerLogs_CL: mcp, AZKVAuditLogs: kv }, { from: end - 86_400_000, to: end });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    lines.push(`| ${alert.name} | ${rule.schedule.evaluationFrequency} | ${sim.evaluations.length} | ${seconds.toFixed(2)} |`);
    process.stderr.write(`simulate ${alert.name}: ${seconds.toFixed(2)} s\n`);
  }
  lines.push("");
  return lines;
}

import * as path from "node:path";
import { loadQueryCatalog } from "../src/kql/catalog";
import { runQuery } from "../src/kql/engine";
import { parameterValues } from "../src/kql/parameters";
import { APPROVED_SERVERS, GATEWAY_OID, GENERATED_TOOLS, generateLogs } from "../test/kql/generateLogs";

/*
 * The KQL engine's share of `npm run bench`: every shipped query over 10,000 and 100,000 generated
 * records, in process, after one warm-up run (which pays for Kusto.Language's analysis, cached per text).
 * Goal (issue 14): every query within 1 s at 100,000 records, growth linear in records.
 */
const SIZES = [10_000, 100_000];
const RUNS = 3;

export function engineBench(): string[] {
  const catalog = loadQueryCatalog(path.resolve(__dirname, "../queries"));
  const now = new Date("2026-12-01T12:00:00Z");
  const parameters = parameterValues({ approvedServers: APPROVED_SERVERS, approvedTools: GENERATED_TOOLS.slice(0, 3), gatewayPrincipalIds: [GATEWAY_OID] });
  const logs = SIZES.map((count) => generateLogs({ count, now, days: 2 }));
  const lines = ["## KQL engine", "", `Every shipped query run by src/kql/engine over generated records (test/kql/generateLogs.ts), median of ${RUNS} runs after a warm-up, in milliseconds.`, "", `| query | ${SIZES.map((n) => `${n.toLocaleString("en")} records`).join(" | ")} | ratio |`, "|---|---|---|---|"];
  for (const q of catalog) {
    const times = logs.map((tables) => {
      const options = { tables, now, parameters: Object.fromEntries(q.parameters.map((p) => [p, parameters[p]])) };
      runQuery(q.body, options);
      const samples = Array.from({ length: RUNS }, () => {
        const start = process.hrtime.bigint();
        runQuery(q.body, options);
        return Number(process.hrtime.bigint() - start) / 1e6;
      });
      return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
    });
    lines.push(`| ${q.name} | ${times.map((t) => t.toFixed(0)).join(" | ")} | ${(times[1] / times[0]).toFixed(1)}x |`);
    process.stderr.write(`engine ${q.name}: ${times.map((t) => t.toFixed(0)).join(" / ")} ms\n`);
  }
  lines.push("");
  return lines;
}

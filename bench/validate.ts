import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLI, RUNS, Sample, fmt, machine, median, replaceSection, runProcess } from "./wholeProcess";

/*
 * `mcp-guard validate` over the whole catalog (issue 19: warm under 0.3 s), a whole process each run.
 * Cold: a new empty KQL analysis cache per run (CI, a fresh clone); warm: one cache, filled by a first
 * run that is not counted. `npx tsx bench/validate.ts` runs this part alone (needs `npm run build`).
 */
const SECTION = "## validate, cold and warm";
const GOAL_S = 0.3;

/** The section's lines and its samples, which bench/run.ts also uses for its cold/warm table and history. */
export function validateBench(): { lines: string[]; warm: Sample[]; cold: Sample[] } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-bench-validate-"));
  const where = machine();
  const cold = Array.from({ length: RUNS }, () => runProcess([CLI, "validate"], tmp, { MCP_GUARD_CACHE: fs.mkdtempSync(path.join(tmp, "cache-")) }));
  const cache = fs.mkdtempSync(path.join(tmp, "kql-warm-"));
  runProcess([CLI, "validate"], tmp, { MCP_GUARD_CACHE: cache });
  const warm = Array.from({ length: RUNS }, () => runProcess([CLI, "validate"], tmp, { MCP_GUARD_CACHE: cache }));
  const warmS = median(warm.map((s) => s.seconds));
  process.stderr.write(`validate: warm ${fmt(warm.map((s) => s.seconds), "s")}, cold ${fmt(cold.map((s) => s.seconds), "s")}\n`);
  const lines = [
    SECTION,
    "",
    `\`mcp-guard validate\` over the whole catalog, whole process, ${RUNS} runs each, median (min-max). Cold: each run with a new empty \`MCP_GUARD_CACHE\`; warm: one cache filled by an uncounted first run. Machine: ${where} when it started.`,
    "",
    "| cache | wall time | peak memory |",
    "|---|---|---|",
    `| warm | ${fmt(warm.map((s) => s.seconds), "s")} | ${fmt(warm.map((s) => s.rssMb), "MB", 0)} |`,
    `| cold | ${fmt(cold.map((s) => s.seconds), "s")} | ${fmt(cold.map((s) => s.rssMb), "MB", 0)} |`,
    "",
    `Goal (issue 19): warm under ${GOAL_S} s: ${warmS.toFixed(2)} s, ${warmS < GOAL_S ? "met" : "NOT met"}.`,
    "",
  ];
  return { lines, warm, cold };
}

if (require.main === module) {
  replaceSection(SECTION, validateBench().lines);
  process.stdout.write("wrote bench/results.md (validate section)\n");
}

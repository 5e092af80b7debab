// Preloaded into a measured process: on exit, appends its peak resident set size (KB) to the file
// named by MCP_GUARD_BENCH_RSS, so the figure covers the whole process, start to written output.
const fs = require("node:fs");
process.on("exit", () => {
  const file = process.env.MCP_GUARD_BENCH_RSS;
  if (file) fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});

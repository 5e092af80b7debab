import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TEST_TODAY } from "./pinnedDate";

/**
 * Plans the three shipped stacks once per run and leaves them as JSON for every test file: planning is
 * the suite's heaviest fixture, and each jest worker would otherwise plan the same stacks again.
 */
export default async function globalSetup(): Promise<void> {
  process.env.MCP_GUARD_TODAY = TEST_TODAY;
  // One cache (KQL analyses, parsed YAML) per run, shared by every worker and started cold, so a test
  // never reads a result left by another checkout or an earlier schema.
  process.env.MCP_GUARD_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-cache-"));
  const { runPlan } = await import("../src/plan/offlinePlan");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-plans-"));
  for (const stack of ["dev", "staging", "prod"]) {
    const plan = await runPlan({ projectDir: path.resolve(__dirname, ".."), stack });
    fs.writeFileSync(path.join(dir, `${stack}.json`), JSON.stringify(plan));
  }
  process.env.MCP_GUARD_PLAN_CACHE = dir;
}

import * as fs from "node:fs";
import * as path from "node:path";

/** The package root, found upwards from this file: src/ when run from source, dist/src/ when built. */
function packageRoot(dir: string): string {
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) if (fs.existsSync(path.join(d, "package.json")) && fs.existsSync(path.join(d, "queries"))) return d;
  throw new Error(`mcp-guard: no package root above ${dir}`);
}

/** The package's own catalog, alert and approval registry directories, for stacks that deploy mcp-guard's queries, alerts and reviews. */
export const PACKAGE_QUERIES_DIR = path.join(packageRoot(__dirname), "queries");
export const PACKAGE_ALERTS_DIR = path.join(packageRoot(__dirname), "alerts");
export const PACKAGE_SERVERS_DIR = path.join(packageRoot(__dirname), "servers");

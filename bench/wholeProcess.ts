import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One whole process of the CLI (start to written output): wall time and peak RSS, read by maxrss.cjs on exit. */
export interface Sample {
  seconds: number;
  rssMb: number;
}

export const ROOT = path.resolve(__dirname, "..");
export const CLI = path.join(ROOT, "bin/mcp-guard.js");
export const RUNS = Number(process.env.MCP_GUARD_BENCH_RUNS ?? 3);
const TODAY = "2026-11-24";

export function runProcess(args: string[], tmp: string, env: NodeJS.ProcessEnv = {}, okCodes: readonly number[] = [0, 3]): Sample {
  const rssFile = path.join(tmp, `rss-${Date.now()}-${Math.random()}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", path.join(__dirname, "maxrss.cjs"), ...args], {
    cwd: ROOT,
    env: { ...process.env, MCP_GUARD_TODAY: TODAY, MCP_GUARD_BENCH_RSS: rssFile, ...env },
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status === null || !okCodes.includes(r.status)) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const rss = fs.existsSync(rssFile) ? Math.max(...fs.readFileSync(rssFile, "utf8").trim().split("\n").map(Number)) : 0;
  return { seconds, rssMb: rss / 1024 };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (xs: number[], unit: string, digits = 2) => `${median(xs).toFixed(digits)} ${unit} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model ?? "unknown CPU"}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`;
}

/** `npx tsx bench/<part>.ts` runs one part alone: it replaces that part's section of results.md, or appends it. */
export function replaceSection(heading: string, lines: string[]): void {
  const file = path.join(__dirname, "results.md");
  const previous = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = previous.indexOf(`${heading}\n`);
  const next = start < 0 ? -1 : previous.indexOf("\n## ", start + heading.length);
  const kept = start < 0 ? previous : previous.slice(0, start) + (next < 0 ? "" : previous.slice(next + 1));
  fs.writeFileSync(file, `${kept.replace(/\n*$/, "\n\n")}${lines.join("\n")}\n`);
}

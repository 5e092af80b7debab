import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { auditBench } from "./audit";
import { awsSynthBench } from "./aws";
import { engineBench } from "./engine";
import { simulationBench } from "./simulate";

/*
 * npm run bench: what planning costs. Every figure is a whole process (start to written output),
 * run RUNS times, reported as median with min and max. Results go to bench/results.md.
 */
const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.MCP_GUARD_BENCH_RUNS ?? 3);
/** The suite dominates the bench's own run time; two runs keep `npm run bench` under 5 minutes on 2 cores. */
const JEST_RUNS = Number(process.env.MCP_GUARD_BENCH_JEST_RUNS ?? 2);
const TODAY = "2026-11-24";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-bench-"));
const CLI = path.join(ROOT, "bin/mcp-guard.js");

interface Sample {
  seconds: number;
  rssMb: number;
}

function run(args: string[], cwd = ROOT): Sample {
  const rssFile = path.join(tmp, `rss-${Date.now()}-${Math.random()}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", path.join(__dirname, "maxrss.cjs"), ...args], {
    cwd,
    env: { ...process.env, MCP_GUARD_TODAY: TODAY, MCP_GUARD_BENCH_RSS: rssFile },
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 3) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const rss = fs.existsSync(rssFile) ? Math.max(...fs.readFileSync(rssFile, "utf8").trim().split("\n").map(Number)) : 0;
  return { seconds, rssMb: rss / 1024 };
}

function repeat(args: string[], cwd = ROOT, runs = RUNS): Sample[] {
  return Array.from({ length: runs }, () => run(args, cwd));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[], unit: string, digits = 2) => `${median(xs).toFixed(digits)} ${unit} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;

function planArgs(stack: string, out: string, extra: string[] = []): string[] {
  return [CLI, "plan", "--stack", stack, "--out", out, ...extra];
}

function resourcesIn(file: string): number {
  return JSON.parse(fs.readFileSync(file, "utf8")).steps.length;
}

/** The bare program planned with as many resources as `count`, by the same CLI and mocks. */
function bare(count: number): Sample[] {
  const config = path.join(tmp, `bare-${count}.yaml`);
  fs.writeFileSync(config, stringify({ config: { "bench-bare:count": count } }));
  return repeat([CLI, "plan", "--stack", "bench", "--cwd", path.join(__dirname, "bare"), "--config-file", config, "--out", path.join(tmp, `bare-${count}.json`)]);
}

/** A dev stack config with n catalog secrets and n approved servers. */
function sizedConfig(n: number): string {
  const dev = fs.readFileSync(path.join(ROOT, "stacks/Pulumi.dev.yaml"), "utf8");
  const doc = parse(dev);
  doc.config["mcp-guard:secrets"] = Array.from({ length: n }, (_, i) => ({ name: `mcp-token-${String(i).padStart(4, "0")}`, contentType: "github-pat", owner: "platform-team", rotationDays: 30, expires: "2026-12-14" }));
  doc.config["mcp-guard:approvedMcpServers"] = Array.from({ length: n }, (_, i) => `server-${i}`);
  const file = path.join(tmp, `dev-${n}.yaml`);
  fs.writeFileSync(file, stringify(doc));
  return file;
}

interface Row {
  scenario: string;
  resources: number;
  plan: Sample[];
  bare: Sample[];
}

function main(): void {
  const rows: Row[] = [];
  for (const stack of ["dev", "staging", "prod"]) {
    const out = path.join(tmp, `${stack}.json`);
    const plan = repeat(planArgs(stack, out));
    const resources = resourcesIn(out);
    rows.push({ scenario: `${stack} stack`, resources, plan, bare: bare(resources) });
    process.stderr.write(`${stack}: ${fmt(plan.map((s) => s.seconds), "s")}\n`);
  }
  for (const n of [10, 100, 1000]) {
    const out = path.join(tmp, `dev-${n}.json`);
    const plan = repeat(planArgs("dev", out, ["--config-file", sizedConfig(n)]));
    const resources = resourcesIn(out);
    rows.push({ scenario: `dev, ${n} secrets and ${n} approved servers`, resources, plan, bare: bare(resources) });
    process.stderr.write(`${n}: ${fmt(plan.map((s) => s.seconds), "s")}\n`);
  }
  const tsc = repeat([path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."]);
  process.stderr.write(`tsc: ${fmt(tsc.map((s) => s.seconds), "s")}\n`);
  const jest = repeat([path.join(ROOT, "node_modules/jest/bin/jest.js"), "--silent"], ROOT, JEST_RUNS);
  process.stderr.write(`jest: ${fmt(jest.map((s) => s.seconds), "s")}\n`);
  fs.writeFileSync(path.join(__dirname, "results.md"), [report(rows, tsc, jest), ...engineBench(), ...simulationBench(), ...auditBench(), ...awsSynthBench(repeat, ROOT)].join("\n"));
  process.stdout.write(`wrote bench/results.md\n`);
}

function report(rows: Row[], tsc: Sample[], jest: Sample[]): string {
  const cpus = os.cpus();
  const perResource = rows.filter((r) => r.scenario.startsWith("dev,")).map((r) => ({ n: r.resources, s: median(r.plan.map((x) => x.seconds)) }));
  const slope = (perResource[2].s - perResource[1].s) / (perResource[2].n - perResource[1].n);
  const lines = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` (bench/run.ts). Each figure: ${RUNS} runs (the jest suite: ${JEST_RUNS}) of a whole process (start to written output), median (min-max).`,
    "",
    `Machine: ${cpus.length} x ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}.`,
    "",
    "| scenario | resources | mcp-guard plan | peak memory | bare program, same resources | bare memory | overhead (time) |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => {
      const ratio = median(r.plan.map((s) => s.seconds)) / median(r.bare.map((s) => s.seconds));
      return `| ${r.scenario} | ${r.resources} | ${fmt(r.plan.map((s) => s.seconds), "s")} | ${fmt(r.plan.map((s) => s.rssMb), "MB", 0)} | ${fmt(r.bare.map((s) => s.seconds), "s")} | ${fmt(r.bare.map((s) => s.rssMb), "MB", 0)} | ${ratio.toFixed(2)}x |`;
    }),
    "",
    `Growth with catalog size: ${(slope * 1000).toFixed(2)} ms per extra resource between ${perResource[1].n} and ${perResource[2].n} resources.`,
    "",
    "| tool | wall time | peak memory |",
    "|---|---|---|",
    `| tsc --noEmit (whole project) | ${fmt(tsc.map((s) => s.seconds), "s")} | ${fmt(tsc.map((s) => s.rssMb), "MB", 0)} |`,
    `| jest suite (workers not in the memory figure) | ${fmt(jest.map((s) => s.seconds), "s")} | ${fmt(jest.map((s) => s.rssMb), "MB", 0)} |`,
    "",
  ];
  return lines.join("\n");
}

main();

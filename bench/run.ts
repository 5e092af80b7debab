import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { auditBench } from "./audit";
import { awsSynthBench } from "./aws";
import { diffBench } from "./diff";
import { engineBench } from "./engine";
import { sizedProject } from "./sizedProject";
import { simulationBench } from "./simulate";
import { validateBench } from "./validate";

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

function run(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Sample {
  const rssFile = path.join(tmp, `rss-${Date.now()}-${Math.random()}`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", path.join(__dirname, "maxrss.cjs"), ...args], {
    cwd,
    env: { ...process.env, MCP_GUARD_TODAY: TODAY, MCP_GUARD_BENCH_RSS: rssFile, ...env },
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

/** Cold: every run starts with an empty cache (KQL analyses, parsed server and alert files), as CI and a fresh clone do. */
function repeatCold(args: string[]): Sample[] {
  return Array.from({ length: RUNS }, () => run(args, ROOT, { MCP_GUARD_CACHE: fs.mkdtempSync(path.join(tmp, "cache-")) }));
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

/** The program that registers only `count` Key Vault secrets (bench/bareSecrets), by the same CLI and mocks. */
function bareSecrets(count: number): Sample[] {
  const config = path.join(tmp, `bare-secrets-${count}.yaml`);
  fs.writeFileSync(config, stringify({ config: { "bench-bare-secrets:count": count } }));
  return repeat([CLI, "plan", "--stack", "bench", "--cwd", path.join(__dirname, "bareSecrets"), "--config-file", config, "--out", path.join(tmp, `bare-secrets-${count}.json`)]);
}

/** The dev stack with n catalog secrets and n approved servers (servers/ generated in a project of its own). */
function sizedArgs(n: number): string[] {
  const { projectDir, configFile } = sizedProject(ROOT, path.join(tmp, `dev-${n}`), n);
  return ["--cwd", projectDir, "--config-file", configFile];
}

interface Row {
  scenario: string;
  resources: number;
  plan: Sample[];
  bare: Sample[];
}

interface Extra {
  coldProd: Sample[];
  startup: Sample[];
  /** bareSecrets at 100 and 1,000 secrets. */
  secrets: [Sample[], Sample[]];
}

interface ValidateSamples {
  warm: Sample[];
  cold: Sample[];
}

function main(): void {
  const load = os.loadavg()[0];
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
    const plan = repeat(planArgs("dev", out, sizedArgs(n)));
    const resources = resourcesIn(out);
    rows.push({ scenario: `dev, ${n} secrets and ${n} approved servers`, resources, plan, bare: bare(resources) });
    process.stderr.write(`${n}: ${fmt(plan.map((s) => s.seconds), "s")}\n`);
  }
  const extra: Extra = {
    coldProd: repeatCold(planArgs("prod", path.join(tmp, "prod-cold.json"))),
    startup: repeat([CLI, "--version"]),
    secrets: [bareSecrets(100), bareSecrets(1000)],
  };
  // Measured once, by bench/validate.ts (its own warm and cold caches); its figures also fill this report's rows.
  const validate = validateBench();
  process.stderr.write(`prod cold: ${fmt(extra.coldProd.map((s) => s.seconds), "s")}\n`);
  const tsc = repeat([path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."]);
  process.stderr.write(`tsc: ${fmt(tsc.map((s) => s.seconds), "s")}\n`);
  const jest = repeat([path.join(ROOT, "node_modules/jest/bin/jest.js"), "--silent"], ROOT, JEST_RUNS);
  if (jest.length > 0) process.stderr.write(`jest: ${fmt(jest.map((s) => s.seconds), "s")}\n`);
  const results = path.join(__dirname, "results.md");
  const history = previousHistory(fs.existsSync(results) ? fs.readFileSync(results, "utf8") : "");
  fs.writeFileSync(results, [report(rows, tsc, jest, extra, validate, load, history), ...engineBench(), ...simulationBench(), ...auditBench(), ...validate.lines, ...diffBench(), ...awsSynthBench(repeat, ROOT)].join("\n"));
  process.stdout.write(`wrote bench/results.md\n`);
}

const HISTORY_HEADING = "## History";

/** The history rows of the results file being replaced, so each run adds to them instead of losing them. */
function previousHistory(text: string): string[] {
  const at = text.indexOf(`${HISTORY_HEADING}\n`);
  if (at < 0) return [];
  const rows = text.slice(at).split("\n").slice(1);
  const end = rows.findIndex((line, i) => i > 0 && line.startsWith("#"));
  return (end < 0 ? rows : rows.slice(0, end)).filter((line) => line.startsWith("| 2"));
}

function gitHead(): string {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "unknown";
}

function report(rows: Row[], tsc: Sample[], jest: Sample[], extra: Extra, validate: ValidateSamples, load: number, history: string[]): string {
  const cpus = os.cpus();
  const perResource = rows.filter((r) => r.scenario.startsWith("dev,")).map((r) => ({ n: r.resources, s: median(r.plan.map((x) => x.seconds)) }));
  const slope = (perResource[2].s - perResource[1].s) / (perResource[2].n - perResource[1].n);
  const bareSlope = (() => {
    const sized = rows.filter((r) => r.scenario.startsWith("dev,"));
    return (median(sized[2].bare.map((x) => x.seconds)) - median(sized[1].bare.map((x) => x.seconds))) / (sized[2].resources - sized[1].resources);
  })();
  const big = rows[rows.length - 1];
  const mid = rows[rows.length - 2];
  const mbPerResource = (median(big.plan.map((x) => x.rssMb)) - median(mid.plan.map((x) => x.rssMb))) / (big.resources - mid.resources);
  const prod = rows.find((r) => r.scenario === "prod stack") ?? rows[0];
  const med = (xs: Sample[]) => median(xs.map((x) => x.seconds));
  const prodRatio = med(prod.plan) / med(prod.bare);
  const secretSlope = (med(extra.secrets[1]) - med(extra.secrets[0])) / (1000 - 100);
  const jestFigure = jest.length > 0 ? fmt(jest.map((s) => s.seconds), "s") : "not run";
  const today = new Date().toISOString().slice(0, 10);
  const historyRow = `| ${today} | ${gitHead()} | ${med(prod.plan).toFixed(2)} s | ${med(extra.coldProd).toFixed(2)} s | ${prodRatio.toFixed(2)}x | ${(slope * 1000).toFixed(2)} ms (bare ${(bareSlope * 1000).toFixed(2)}) | ${mbPerResource.toFixed(2)} MB | ${med(validate.warm).toFixed(2)} s | ${jest.length > 0 ? `${med(jest).toFixed(1)} s` : "not run"} | ${load.toFixed(1)} |`;
  const lines = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench\` (bench/run.ts). Each figure: ${RUNS} runs (the jest suite: ${JEST_RUNS}) of a whole process (start to written output), median (min-max).`,
    "",
    `Machine: ${cpus.length} x ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}; load average ${load.toFixed(1)} when the run started (other work on the machine inflates wall times; compare runs by their load).`,
    "",
    "Warm: the cache (`node_modules/.cache/mcp-guard`) holds the catalog's KQL analyses and parsed server and alert files, as on a developer's machine after one run. Cold: every run starts with an empty cache (`MCP_GUARD_CACHE` set to a new directory), as CI and a fresh clone do. The CLI runs compiled from dist/ (`npm run bench` builds it first).",
    "",
    "| scenario | resources | mcp-guard plan | peak memory | bare program, same resources | bare memory | overhead (time) |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => {
      const ratio = median(r.plan.map((s) => s.seconds)) / median(r.bare.map((s) => s.seconds));
      return `| ${r.scenario} | ${r.resources} | ${fmt(r.plan.map((s) => s.seconds), "s")} | ${fmt(r.plan.map((s) => s.rssMb), "MB", 0)} | ${fmt(r.bare.map((s) => s.seconds), "s")} | ${fmt(r.bare.map((s) => s.rssMb), "MB", 0)} | ${ratio.toFixed(2)}x |`;
    }),
    "",
    `Growth with catalog size: ${(slope * 1000).toFixed(2)} ms per extra resource between ${perResource[1].n} and ${perResource[2].n} resources (bare program: ${(bareSlope * 1000).toFixed(2)} ms).`,
    "",
    `The floor under that: a program that registers only Key Vault secrets with the same inputs (bench/bareSecrets: no validation, registry or policy) takes ${(secretSlope * 1000).toFixed(2)} ms per extra secret between 100 and 1,000 (${fmt(extra.secrets[0].map((s) => s.seconds), "s")} and ${fmt(extra.secrets[1].map((s) => s.seconds), "s")}): what the resource type costs under azure-native and Pulumi's SDK, ${(secretSlope / bareSlope).toFixed(1)}x the bare program's plain resource, before any of mcp-guard's own work.`,
    "",
    "| tool | wall time | peak memory |",
    "|---|---|---|",
    `| tsc --noEmit (whole project) | ${fmt(tsc.map((s) => s.seconds), "s")} | ${fmt(tsc.map((s) => s.rssMb), "MB", 0)} |`,
    `| jest suite (workers not in the memory figure) | ${jestFigure} | ${jest.length > 0 ? fmt(jest.map((s) => s.rssMb), "MB", 0) : "-"} |`,
    "",
    "## Cold and warm",
    "",
    "| command | warm | cold |",
    "|---|---|---|",
    `| plan --stack prod | ${fmt(prod.plan.map((s) => s.seconds), "s")} | ${fmt(extra.coldProd.map((s) => s.seconds), "s")} |`,
    `| validate (whole catalog) | ${fmt(validate.warm.map((s) => s.seconds), "s")} | ${fmt(validate.cold.map((s) => s.seconds), "s")} |`,
    "",
    "## Phases of the prod plan",
    "",
    "Derived from whole processes (medians): start-up is `mcp-guard --version` (Node, the CLI and commander; tsx registers only when a plan imports its .ts program, so it counts to the program); the KQL checks are `validate` less start-up; the program is the plan less `validate` (config, component construction, registration under mocks, policy, digest and render).",
    "",
    "| phase | seconds | share |",
    "|---|---|---|",
    ...(() => {
      const total = med(prod.plan);
      const startup = med(extra.startup);
      const kql = Math.max(0, med(validate.warm) - startup);
      const program = Math.max(0, total - startup - kql);
      return [["start-up", startup], ["KQL checks (warm cache)", kql], ["program, policy, digest, render", program]].map(([name, s]) => `| ${name} | ${Number(s).toFixed(2)} | ${((Number(s) / total) * 100).toFixed(0)}% |`);
    })(),
    "",
    HISTORY_HEADING,
    "",
    "One row per `npm run bench`, newest last; earlier rows are kept. Per extra resource: plan time between the 100- and 1,000-secret configs (the bare program's in brackets); memory the same way.",
    "",
    "| date | commit | prod plan (warm) | prod plan (cold) | prod vs bare | per extra resource | memory per extra resource | validate (warm) | jest suite | load average |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...history,
    historyRow,
    "",
  ];
  return lines.join("\n");
}

main();

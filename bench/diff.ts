import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PreviewDigest, PreviewStep } from "../src/plan/digest";
import { CLI, RUNS, fmt, machine, median, replaceSection, runProcess } from "./wholeProcess";

/*
 * `mcp-guard diff` of two 60,000-step plans (issue 19: within 10 s and 1 GB), a whole process each run.
 * The plans are the prod plan's steps replicated under distinct resource names (parents renamed with
 * them, the stack shared); head updates, adds and drops a few hundred of them.
 * `npx tsx bench/diff.ts` runs this part alone (needs `npm run build`).
 */
const SECTION = "## diff of two 60,000-step plans";
const STEPS = 60_000;
const UPDATED = 300;
const ADDED = 50;
const DROPPED = 50;
const GOAL_S = 10;
const GOAL_MB = 1024;

/** The URN with its resource name suffixed: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
const renamed = (urn: string, copy: number) => `${urn}-r${copy}`;

function replicate(prod: PreviewDigest, count: number): PreviewStep[] {
  const stack = prod.steps.find((s) => s.newState?.type === "pulumi:pulumi:Stack");
  const rest = prod.steps.filter((s) => s !== stack);
  const steps: PreviewStep[] = stack ? [stack] : [];
  for (let copy = 0; steps.length < count; copy++) {
    const text = JSON.stringify(rest).replace(/"(urn:pulumi:[^"]*)"/g, (whole, urn: string) => (urn === stack?.urn ? whole : JSON.stringify(renamed(urn, copy))));
    for (const step of JSON.parse(text) as PreviewStep[]) if (steps.length < count) steps.push(step);
  }
  return steps;
}

function plans(prodFile: string, dir: string): { base: string; head: string } {
  const prod = JSON.parse(fs.readFileSync(prodFile, "utf8")) as PreviewDigest;
  const all = replicate(prod, STEPS + ADDED);
  const customs = all.map((s, i) => [s, i] as const).filter(([s]) => s.newState?.custom === true);
  const stride = Math.floor(customs.length / (UPDATED + DROPPED + ADDED));
  const picked = customs.filter((_, i) => i % stride === 0).map(([, i]) => i);
  const added = new Set(picked.slice(0, ADDED));
  const dropped = new Set(picked.slice(ADDED, ADDED + DROPPED));
  const updated = new Set(picked.slice(ADDED + DROPPED, ADDED + DROPPED + UPDATED).map((i) => all[i].urn));
  const base = all.filter((_, i) => !added.has(i)).slice(0, STEPS);
  const headSteps = all
    .filter((_, i) => !dropped.has(i))
    .slice(0, STEPS)
    .map((s) => (updated.has(s.urn) && s.newState ? { ...s, newState: { ...s.newState, inputs: { ...s.newState.inputs, benchRevision: 2 } } } : s));
  const write = (name: string, steps: PreviewStep[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify({ ...prod, steps, changeSummary: { create: steps.length } }));
    return file;
  };
  return { base: write("base.json", base), head: write("head.json", headSteps) };
}

export function diffBench(): string[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-bench-diff-"));
  const where = machine();
  const prodFile = path.join(tmp, "prod.json");
  runProcess([CLI, "plan", "--stack", "prod", "--out", prodFile], tmp);
  const { base, head } = plans(prodFile, tmp);
  const out = path.join(tmp, "diff.md");
  // Exit 1: the plans differ; 3: head brings a new mandatory violation.
  const runs = Array.from({ length: RUNS }, () => runProcess([CLI, "diff", "--stack", "prod", "--base", base, "--head", head, "--format", "markdown", "--out", out], tmp, {}, [0, 1, 3]));
  const s = median(runs.map((r) => r.seconds));
  const mb = median(runs.map((r) => r.rssMb));
  const summary = /\*\*(\d+ to create, \d+ to update, \d+ to replace, \d+ to delete)\*\*/.exec(fs.readFileSync(out, "utf8"))?.[1] ?? "no summary found";
  const sizeMb = (f: string) => (fs.statSync(f).size / 2 ** 20).toFixed(0);
  process.stderr.write(`diff 60k: ${fmt(runs.map((r) => r.seconds), "s")}, ${fmt(runs.map((r) => r.rssMb), "MB", 0)}\n`);
  return [
    SECTION,
    "",
    `\`mcp-guard diff --format markdown\` of two ${STEPS.toLocaleString("en")}-step plan files (${sizeMb(base)} MB and ${sizeMb(head)} MB of JSON): the prod plan's steps replicated under distinct resource names; head updates ${UPDATED} of them (one new input), adds ${ADDED} and drops ${DROPPED}. Whole process, ${RUNS} runs, median (min-max). Machine: ${where} when it started.`,
    "",
    "| wall time | peak memory | diff summary |",
    "|---|---|---|",
    `| ${fmt(runs.map((r) => r.seconds), "s")} | ${fmt(runs.map((r) => r.rssMb), "MB", 0)} | ${summary} |`,
    "",
    `Goal (issue 19): within ${GOAL_S} s and ${GOAL_MB / 1024} GB: ${s.toFixed(2)} s and ${mb.toFixed(0)} MB, ${s <= GOAL_S && mb <= GOAL_MB ? "met" : "NOT met"}.`,
    "",
  ];
}

if (require.main === module) {
  replaceSection(SECTION, diffBench());
  process.stdout.write("wrote bench/results.md (diff section)\n");
}

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { sizedProject } from "../bench/sizedProject";
import { ROOT } from "./helpers";

/*
 * The plan's JSON and text, byte for byte, for every shipped stack and for the dev stack grown to
 * 10/100/1,000 secrets as bench/run.ts grows it: a speed-up that changes what is planned fails here.
 * The expectations are SHA-256 digests (the 1,000-secret plan is megabytes), written before the
 * offline plan's optimisations landed; MCP_GUARD_UPDATE_GOLDEN=1 rewrites them.
 */
const GOLDEN = path.join(__dirname, "fixtures/planGolden/sha256.json");
const CLI = path.join(ROOT, "bin/mcp-guard.js");
const TODAY = "2026-11-24";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-golden-"));

/** The same generated project bench/run.ts plans: n catalog secrets and n approved servers in servers/. */
function sizedArgs(n: number): string[] {
  const { projectDir, configFile } = sizedProject(ROOT, path.join(tmp, `dev-${n}`), n);
  return ["--stack", "dev", "--cwd", projectDir, "--config-file", configFile];
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function plan(name: string, args: string[]): { json: string; text: string } {
  const out = path.join(tmp, `${name}.json`);
  const r = spawnSync(process.execPath, [CLI, "plan", ...args, "--out", out], { cwd: ROOT, env: { ...process.env, MCP_GUARD_TODAY: TODAY }, encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 3) throw new Error(`plan ${name} exited ${r.status}: ${r.stderr}`);
  return { json: sha(fs.readFileSync(out, "utf8")), text: sha(r.stdout) };
}

const CASES: [string, () => string[]][] = [
  ["dev", () => ["--stack", "dev"]],
  ["staging", () => ["--stack", "staging"]],
  ["prod", () => ["--stack", "prod"]],
  ...[10, 100, 1000].map((n): [string, () => string[]] => [`dev-${n}-secrets`, () => sizedArgs(n)]),
];

describe("offline plan output is unchanged by its speed-ups", () => {
  const actual: Record<string, { json: string; text: string }> = {};
  beforeAll(() => {
    for (const [name, args] of CASES) actual[name] = plan(name, args());
    if (process.env.MCP_GUARD_UPDATE_GOLDEN === "1") fs.writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
  }, 600000);

  it.each(CASES.map(([name]) => name))("%s: plan JSON and text are byte-identical to the committed expectation", (name) => {
    const expected = JSON.parse(fs.readFileSync(GOLDEN, "utf8"));
    expect(actual[name]).toEqual(expected[name]);
  });
});

import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describeFailure } from "../../src/cliFailure";
import { ROOT, runCli } from "../helpers";

/*
 * Every input below once printed a stack trace (or ran for minutes first). Each must now end in one
 * line per problem that names the input and the fix, with exit 1 or 2; only a bug in mcp-guard is an
 * "internal error", and only --debug shows its trace.
 */

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "mcp-guard-crash-"));
const TRACE = /^\s+at /m;

function file(name: string, text: string): string {
  const f = path.join(tmp(), name);
  fs.writeFileSync(f, text);
  return f;
}

/** A minimal Pulumi project whose program is `program`. */
function project(program: string, pulumiYaml = "name: crash\nruntime: nodejs\n"): string {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml);
  fs.writeFileSync(path.join(dir, "Pulumi.test.yaml"), "config: {}\n");
  fs.writeFileSync(path.join(dir, "index.ts"), program);
  return dir;
}

function expectOneLineError(r: { code: number; out: string; err: string }, code: number, text: string | RegExp): void {
  expect(r.code).toBe(code);
  expect(r.err).toMatch(text);
  expect(r.err).not.toMatch(TRACE);
  expect(r.err.trim().split("\n")).toHaveLength(1);
}

describe("stack config YAML is read with one strict option set", () => {
  const plan = (text: string) => runCli("plan", "--stack", "dev", "--cwd", ROOT, "--config-file", file("Pulumi.dev.yaml", text));

  it("refuses duplicate keys instead of letting the last one win", async () => {
    expectOneLineError(await plan("config:\n  mcp-guard:environment: prod\n  mcp-guard:environment: dev\n"), 2, /Pulumi\.dev\.yaml:3:3: Map keys must be unique/);
  });

  it("refuses an alias bomb before expanding it", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...["b", "c", "d", "e", "f", "g"].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdefg"[i]}`).join(", ")}]`)];
    expectOneLineError(await plan(`${levels.join("\n")}\nconfig:\n  mcp-guard:tags: *g\n`), 2, /expands aliases more than 100 times/);
  });

  it("refuses a file of several documents, since Pulumi reads only the first", async () => {
    expectOneLineError(await plan("config:\n  mcp-guard:environment: dev\n---\nconfig:\n  mcp-guard:environment: prod\n"), 2, /holds 2 YAML documents/);
  });

  it("points at the line of a syntax error", async () => {
    expectOneLineError(await plan("config:\n  mcp-guard:alertEmails: [a@contoso.com\n"), 2, /Pulumi\.dev\.yaml:\d+:\d+: /);
  });

  it("says --config-file is a directory", async () => {
    expectOneLineError(await runCli("plan", "--stack", "dev", "--cwd", ROOT, "--config-file", tmp()), 2, /is a directory, not a YAML file/);
  });
});

describe("a broken project is a usage error", () => {
  it("a Pulumi.yaml that is not YAML", async () => {
    expectOneLineError(await runCli("plan", "--stack", "test", "--cwd", project("export {};\n", "name: [crash\n")), 2, /Pulumi\.yaml:\d+:\d+: /);
  });

  it("a main that does not exist", async () => {
    expectOneLineError(await runCli("plan", "--stack", "test", "--cwd", project("export {};\n", "name: crash\nruntime: nodejs\nmain: src/nope.ts\n")), 2, /main "src\/nope\.ts" does not exist/);
  });

  it("a program whose packages are not installed says to run npm ci", async () => {
    const r = await runCli("plan", "--stack", "test", "--cwd", project('import * as resources from "@contoso/not-installed";\nexport const x = resources;\n'));
    expectOneLineError(r, 2, /imports @contoso\/not-installed, which is not installed in .*; run npm ci there/);
  });

  it("a checkout without node_modules says to run npm ci instead of a module trace", () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, "bin"));
    fs.copyFileSync(path.join(ROOT, "bin", "mcp-guard.js"), path.join(dir, "bin", "mcp-guard.js"));
    const r = spawnSync(process.execPath, [path.join(dir, "bin", "mcp-guard.js"), "plan", "--stack", "dev"], { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dependencies are not installed .*; run npm ci there\n$/);
    expect(r.stderr).not.toMatch(TRACE);
  });
});

describe("--out is checked before the plan runs", () => {
  it.each([
    ["a missing directory", () => path.join(tmp(), "missing", "plan.json"), /the directory .* does not exist/],
    ["a directory", () => tmp(), /is a directory; give a file name/],
  ])("%s", async (_, out, text) => {
    const started = Date.now();
    const r = await runCli("plan", "--stack", "dev", "--cwd", ROOT, "--out", out());
    expectOneLineError(r, 2, text);
    expect(r.out).toBe("");
    // Seconds, not a whole plan: nothing was planned.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  (fs.existsSync("/dev/full") ? it : it.skip)("a full device", async () => {
    expectOneLineError(await runCli("plan", "--stack", "dev", "--cwd", ROOT, "--out", "/dev/full"), 2, /no space left on the device/);
  });

  it("diff --out too", async () => {
    expectOneLineError(await runCli("diff", "--stack", "dev", "--base", "a.json", "--out", path.join(tmp(), "no", "d.md")), 2, /does not exist/);
  });
});

describe("data directories", () => {
  it("a directory named like a .kql file is reported; CRLF files, .KQL and .yml names are read as users write them", async () => {
    const dir = tmp();
    fs.cpSync(path.join(ROOT, "queries"), path.join(dir, "queries"), { recursive: true });
    fs.cpSync(path.join(ROOT, "alerts"), path.join(dir, "alerts"), { recursive: true });
    const q = path.join(dir, "queries", "mcp-calls-over-time.kql");
    fs.writeFileSync(path.join(dir, "queries", "mcp-calls-over-time.KQL"), fs.readFileSync(q, "utf8").replace(/\n/g, "\r\n"));
    fs.rmSync(q);
    const a = path.join(dir, "alerts", "alert-mcp-denied-spike.yaml");
    fs.writeFileSync(path.join(dir, "alerts", "alert-mcp-denied-spike.yml"), fs.readFileSync(a, "utf8").replace(/\n/g, "\r\n"));
    fs.rmSync(a);
    const ok = await runCli("validate", "--cwd", dir);
    expect(ok.err.replace(/^warning: .*\n/gm, "")).toBe("");
    expect(ok.code).toBe(0);

    fs.mkdirSync(path.join(dir, "queries", "evil.kql"));
    const r = await runCli("validate", "--cwd", dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("queries/evil.kql: is not a file");
    expect(r.err).not.toMatch(TRACE);
  });
});

describe("mcp-guard diff on hostile plan files", () => {
  it("a plan nested 100,000 levels deep is refused, not a stack overflow", async () => {
    const deep = `{"steps":[{"op":"create","urn":"urn:pulumi:s::p::t:m:T::x","newState":{"type":"t:m:T","urn":"u","inputs":{"a":${"[".repeat(100000)}${"]".repeat(100000)}}}}]}`;
    const f = file("deep.json", deep);
    expectOneLineError(await runCli("diff", "--stack", "dev", "--base", f, "--head", f), 2, /nests values more than 64 levels deep/);
  });

  it("a git ref from before the CLI existed is named as such, without running npm ci", async () => {
    const repo = tmp();
    const git = (...args: string[]) => execFileSync("git", ["-C", repo, "-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { stdio: "ignore" });
    git("init", "-q");
    fs.writeFileSync(path.join(repo, "README.md"), "before mcp-guard\n");
    git("add", ".");
    git("commit", "-qm", "first");
    const head = file("head.json", '{"steps":[]}');
    expectOneLineError(await runCli("diff", "--stack", "dev", "--cwd", repo, "--base", "HEAD", "--head", head), 2, /HEAD has no bin\/mcp-guard\.js: it predates mcp-guard's offline plan/);
  });
});

describe("internal errors", () => {
  it("are one line with where to report them; --debug adds the trace", async () => {
    const dir = project('throw new TypeError("cannot read properties of undefined (reading \'x\')");\n');
    const r = await runCli("plan", "--stack", "test", "--cwd", dir);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/^internal error: TypeError: cannot read properties of undefined \(reading 'x'\)\n {2}This is a bug in mcp-guard, not in your input: please report it to .* with --debug\.\n$/);
    const d = await runCli("plan", "--stack", "test", "--cwd", dir, "--debug");
    expect(d.code).toBe(4);
    expect(d.err).toMatch(TRACE);
  });

  it("a user's file-system mistake is not called a bug", () => {
    const err = Object.assign(new Error("EACCES: permission denied, open '/etc/shadow'"), { code: "EACCES", path: "/etc/shadow" });
    expect(describeFailure(err, false)).toEqual({ code: 2, text: "error: /etc/shadow is not accessible (permission denied)\n" });
  });
});

describe("command line", () => {
  it.each(["x/../../evil", "../prod", "dev/..", "a b", ".."])("--stack %j is refused before any file is read", async (stack) => {
    expectOneLineError(await runCli("plan", "--stack", stack, "--cwd", ROOT), 2, /is not a stack name; allowed letters, digits, - _ \./);
    expectOneLineError(await runCli("diff", "--stack", stack, "--base", "a.json", "--cwd", ROOT), 2, /is not a stack name/);
  });

  it("--version prints the package version", async () => {
    const r = await runCli("--version");
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
  });

  it("unknown flags and commands keep commander's errors", async () => {
    const flag = await runCli("plan", "--stack", "dev", "--frobnicate");
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("unknown option '--frobnicate'");
    const cmd = await runCli("frobnicate");
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain("unknown command 'frobnicate'");
  });
});
